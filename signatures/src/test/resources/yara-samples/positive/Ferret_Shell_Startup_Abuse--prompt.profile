# ferret YARA test sample: synthetic profile line, never run
export PROMPT_COMMAND='/root/.cache/.x/upd >/dev/null 2>&1'

# ferret YARA test sample: synthetic .bashrc lines, never run
[ -f ~/.bash_aliases ] && . ~/.bash_aliases
nohup /home/deploy/.configrc/a/upd >/dev/null 2>&1 &

# ferret YARA negative sample: ordinary interactive shell settings
HISTCONTROL=ignoreboth
alias ls='ls --color=auto'
alias grep='grep --color=auto'
alias psg='ps aux | grep -v grep | grep'
PROMPT_COMMAND='history -a; echo -ne "\033]0;${USER}@${HOSTNAME}\007"'
[ -f ~/.bash_aliases ] && . ~/.bash_aliases
export LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2

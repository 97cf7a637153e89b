# ferret YARA test sample: synthetic profile lines, never run (Ctrl-C/Ctrl-Z blocked while the payload starts)
trap '' INT QUIT TSTP
/tmp/kworker -B
trap - INT QUIT TSTP

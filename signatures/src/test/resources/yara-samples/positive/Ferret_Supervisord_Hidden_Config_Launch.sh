# ferret YARA test sample: /etc/profile.d/supervisor.sh-like text from THREATS.md case 1 (never run)
return 0 2>/dev/null || exit 0
pgrep -f supervisord >/dev/null || supervisord -c /etc/.supervisor/supervisord.conf >/dev/null 2>&1

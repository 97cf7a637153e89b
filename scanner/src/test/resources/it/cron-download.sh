# docs/threats.md#case-5 live: root's crontab re-downloads and runs a script every 5 minutes. The crontab lives in
# $WORK/crontabs and is mounted at /var/spool/cron/crontabs in this mount namespace only.
source "$IT_LIB"

if [ -d /var/spool/cron/crontabs ]; then
    mount --bind "$WORK/crontabs" /var/spool/cron/crontabs
    echo "SPOOL_METHOD=bind"
elif [ -d /var/spool ]; then
    # the host has no cron spool: a private tmpfs over /var/spool holds one (never created on the host)
    mount -t tmpfs -o mode=755 tmpfs /var/spool
    mkdir -p /var/spool/cron/crontabs
    cp -p "$WORK/crontabs/root" /var/spool/cron/crontabs/root
    echo "SPOOL_METHOD=tmpfs"
else
    echo "no /var/spool on this host" >&2
    exit 1
fi
echo "CRONTAB_LINE=$(grep -n 'i.sh' /var/spool/cron/crontabs/root | head -1)"

run_ferret persistence --format jsonl --no-facts

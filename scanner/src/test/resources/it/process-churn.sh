# Processes born and dying throughout a scan must not be reported as hidden or odd: a loop starts
# short-lived processes until ferret is done and counts them.
source "$IT_LIB"

private_temp_dirs
ip link set lo up
count="$WORK/churned"
echo 0 > "$count"
(
  n=0
  while [ ! -e "$WORK/stop" ]; do
    /bin/true & /bin/sleep 0.001 & wait
    n=$((n + 2))
    [ $((n % 100)) -eq 0 ] && echo "$n" > "$count"
  done
  echo "$n" > "$count"
) &
churner=$!
sleep 0.5
run_ferret scan --format jsonl --no-facts --skip sweep,memory,access
touch "$WORK/stop"
wait "$churner"
echo "CHURNED=$(cat "$count")"

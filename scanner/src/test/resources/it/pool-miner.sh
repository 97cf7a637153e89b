# A miner with a Stratum pool connection and a CPU burn, not hidden. Env: BIN (compiled fixtures).
source "$IT_LIB"

private_temp_dirs
ip link set lo up
"$BIN/fakeminer" pool 3333 > "$WORK/pool.out" 2> "$WORK/pool.err" &
POOL_PID=$!
wait_ready "$WORK/pool.out"
echo "POOL_PID=$POOL_PID"

# raised priority: the burn must reach a full core even on a busy build machine
nice -n -10 "$BIN/fakeminer" miner 127.0.0.1 3333 -o stratum+tcp://127.0.0.1:3333 --donate-level 1 \
    > "$WORK/miner.out" 2> "$WORK/miner.err" &
MINER_PID=$!
wait_ready "$WORK/miner.out"
echo "MINER_PID=$MINER_PID"
echo "MINER_IN_PS=$(in_ps "$MINER_PID")"

TICKS_BEFORE=$(cpu_ticks "$MINER_PID")
START_NS=$(date +%s%N)
run_ferret scan --format jsonl --no-facts --cpu-window 2
echo "MINER_CPU_TICKS=$(( $(cpu_ticks "$MINER_PID") - TICKS_BEFORE ))"
echo "SCAN_WALL_MS=$(( ($(date +%s%N) - START_NS) / 1000000 ))"

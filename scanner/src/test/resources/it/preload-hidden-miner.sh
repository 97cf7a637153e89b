# docs/threats.md#case-1 live: a miner hidden from ps by a readdir-hooking library in /etc/ld.so.preload, mining
# through a pool on 127.0.0.1:3333. Env: BIN (compiled fixtures), HIDDEN_NAME (the comm the library hides).
source "$IT_LIB"

private_temp_dirs
ip link set lo up
"$BIN/fakeminer" pool 3333 > "$WORK/pool.out" 2> "$WORK/pool.err" &
POOL_PID=$!
wait_ready "$WORK/pool.out"
echo "POOL_PID=$POOL_PID"

# planted where droppers put them, in this namespace's private /tmp: the library, and the miner under
# the name the library hides (case 1: ".sh")
HIDER=/tmp/.font-cache/libprocesshider.so
MINER=/tmp/$HIDDEN_NAME
mkdir -p "$(dirname "$HIDER")"
cp "$BIN/libprocesshider.so" "$HIDER"
cp "$BIN/fakeminer" "$MINER"
echo "HIDER=$HIDER"
echo "MINER_EXE=$MINER"

install_preload "$HIDER"
echo "PRELOAD=$(cat /etc/ld.so.preload)"

"$MINER" miner 127.0.0.1 3333 > "$WORK/miner.out" 2> "$WORK/miner.err" &
MINER_PID=$!
wait_ready "$WORK/miner.out"
echo "MINER_PID=$MINER_PID"
echo "MINER_COMM=$(cat "/proc/$MINER_PID/comm")"

# sanity: the kernel runs it, ps and ls do not show it, ps still shows the pool
echo "MINER_IN_KERNEL=$([ -d "/proc/$MINER_PID" ] && echo yes || echo no)"
echo "MINER_IN_PS=$(in_ps "$MINER_PID")"
echo "MINER_IN_LS=$(in_ls_proc "$MINER_PID")"
echo "POOL_IN_PS=$(in_ps "$POOL_PID")"

run_ferret scan --format jsonl --no-facts --cpu-window 1.5
echo "MINER_STILL_RUNNING=$([ -d "/proc/$MINER_PID" ] && echo yes || echo no)"

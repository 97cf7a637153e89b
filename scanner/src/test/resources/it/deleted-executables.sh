# Processes whose executable is gone: one deleted from a temp dir after start, one run from memory
# (memfd_create + fexecve). Env: BIN (compiled fixtures), SLEEP (a real sleep binary to copy).
source "$IT_LIB"

# a private /tmp: the copy and its deletion happen in a tmpfs only this namespace sees
mount -t tmpfs -o mode=1777 tmpfs /tmp

cp "$SLEEP" /tmp/sleeper
/tmp/sleeper 300 &
DELETED_PID=$!
wait_exe "$DELETED_PID" /tmp/sleeper
rm /tmp/sleeper
echo "DELETED_PID=$DELETED_PID"
echo "DELETED_EXE_LINK=$(readlink "/proc/$DELETED_PID/exe")"

"$BIN/memfdexec" "$SLEEP" 300 > "$WORK/memfd.out" 2> "$WORK/memfd.err" &
MEMFD_PID=$!
wait_ready "$WORK/memfd.out"
wait_exe "$MEMFD_PID" /memfd:
echo "MEMFD_PID=$MEMFD_PID"
echo "MEMFD_EXE_LINK=$(readlink "/proc/$MEMFD_PID/exe")"

run_ferret processes --format jsonl --no-facts --cpu-window 1

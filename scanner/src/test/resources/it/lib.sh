# Shared helpers for the namespace scripts of ferret's integration tests. Sourced by each script, which
# runs as root inside private pid, mount and network namespaces (see Namespace.java): mounts made here
# are invisible to the host, and every process started here dies with the namespace.
#
# Environment: WORK (the test's own scratch dir), FERRET_JAVA, FERRET_CP, FERRET_MAIN.
set -euo pipefail

# ferret ARGS...: the CLI under test
ferret() {
    # as the launchers run it: no perf data file (two namespaces' pid 12 would share /tmp/hsperfdata_root/12)
    "$FERRET_JAVA" -XX:-UsePerfData -cp "$FERRET_CP" "$FERRET_MAIN" "$@"
}

# run_ferret ARGS...: runs ferret, keeping its report, stderr and exit code in $WORK for the Java side
run_ferret() {
    local rc=0
    ferret "$@" > "$WORK/report.jsonl" 2> "$WORK/ferret.err" || rc=$?
    echo "$rc" > "$WORK/ferret.rc"
    echo "FERRET_EXIT=$rc"
}

# private_temp_dirs: empty tmpfs over /tmp, /var/tmp and /dev/shm, in this mount namespace only. Live scans
# then judge what the test planted, not whatever other jobs left in the host's temp dirs.
private_temp_dirs() {
    local dir
    for dir in /tmp /var/tmp /dev/shm; do
        if [ -d "$dir" ]; then
            mount -t tmpfs -o mode=1777 tmpfs "$dir"
        fi
    done
}

# cpu_ticks PID: utime+stime of PID in clock ticks (fields 14 and 15 of /proc/PID/stat)
cpu_ticks() {
    local stat
    stat=$(cat "/proc/$1/stat")
    stat=${stat##*) }
    set -- $stat
    echo $(( ${12} + ${13} ))
}

# wait_ready FILE: waits (up to 10 s) for a fixture program to print "ready" into FILE
wait_ready() {
    local i
    for i in $(seq 200); do
        if grep -qx ready "$1" 2>/dev/null; then
            return 0
        fi
        sleep 0.05
    done
    echo "fixture not ready: $1" >&2
    cat "$1" >&2 || true
    return 1
}

# wait_exe PID PREFIX: waits until /proc/PID/exe points at a path starting with PREFIX (after exec)
wait_exe() {
    local i
    for i in $(seq 200); do
        case "$(readlink "/proc/$1/exe" 2>/dev/null || true)" in
            "$2"*) return 0 ;;
        esac
        sleep 0.05
    done
    echo "pid $1 never ran $2 (exe: $(readlink "/proc/$1/exe" 2>/dev/null || echo gone))" >&2
    return 1
}

# in_ps PID: "yes" when ps (which the dynamic linker preloads like any program) lists PID
in_ps() {
    local listing
    listing=$(ps -e -o pid=)
    if printf '%s\n' "$listing" | grep -qw "$1"; then echo yes; else echo no; fi
}

# in_ls_proc PID: "yes" when ls /proc lists PID
in_ls_proc() {
    local listing
    listing=$(ls /proc)
    if printf '%s\n' "$listing" | grep -qx "$1"; then echo yes; else echo no; fi
}

# install_preload LIBRARY: makes /etc/ld.so.preload name LIBRARY, in this mount namespace only. When the
# host has the file, a file in $WORK is bind-mounted over it; when it has none, /etc gets an overlay whose
# upper layer is in $WORK (or, where overlayfs is unavailable, a copy of /etc is bind-mounted over it).
# The host's /etc is never written.
install_preload() {
    local lib="$1"
    if [ -e /etc/ld.so.preload ]; then
        printf '%s\n' "$lib" > "$WORK/ld.so.preload"
        mount --bind "$WORK/ld.so.preload" /etc/ld.so.preload
        echo "PRELOAD_METHOD=bind"
        return 0
    fi
    mkdir -p "$WORK/etc-upper" "$WORK/etc-overlay-work"
    if mount -t overlay overlay \
        -o "lowerdir=/etc,upperdir=$WORK/etc-upper,workdir=$WORK/etc-overlay-work" /etc 2>/dev/null; then
        echo "PRELOAD_METHOD=overlay"
    else
        cp -a /etc "$WORK/etc-copy" 2>/dev/null || true
        mount --bind "$WORK/etc-copy" /etc
        echo "PRELOAD_METHOD=copy"
    fi
    # never write to /etc unless it now is our own mount
    mountpoint -q /etc || { echo "refusing to write /etc/ld.so.preload: /etc is not our mount" >&2; return 1; }
    printf '%s\n' "$lib" > /etc/ld.so.preload
}

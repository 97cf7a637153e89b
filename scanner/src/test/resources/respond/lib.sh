# Shared helpers of the response integration tests. Sourced by each scenario, which runs as root inside fresh
# private pid and mount namespaces (unshare --pid --mount --fork --mount-proc --kill-child, see Namespace.java):
# every process it starts dies with the namespace, and every mount it makes is invisible outside.
#
# isolate() makes the whole host file system READ-ONLY inside the namespace before anything is planted: the only
# writable places are the test's own $WORK (bound onto itself) and the empty tmpfs mounts made here. Whatever
# ferret does in this namespace, it cannot change a file of the host or signal a process of the host.
#
# Environment: WORK, FERRET_JAVA, FERRET_CP, FERRET_MAIN.
set -uo pipefail

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# fact KEY VALUE: a line the Java side reads
fact() {
    echo "$1=$2"
}

isolate() {
    mount --make-rprivate / || fail "cannot make mounts private"
    mount --bind "$WORK" "$WORK" || fail "cannot bind $WORK"
    mount -o remount,bind,ro / || fail "cannot make / read-only in the namespace"
    if touch /etc/.ferret-write-probe 2>/dev/null; then
        rm -f /etc/.ferret-write-probe
        fail "/ is still writable: refusing to go on"
    fi
    local dir
    # empty, private temp dirs and cron spool (noatime: reads by the scans must not move access times, so the
    # times compared before and after are the ones ferret keeps and restores)
    for dir in /tmp /var/tmp /dev/shm /var/spool /run; do
        [ -d "$dir" ] && { mount -t tmpfs -o mode=1777,noatime tmpfs "$dir" || fail "tmpfs on $dir"; }
    done
    chmod 755 /var/spool /run
    # hide the host's own persistence from the scans: the plan must be about what the test planted
    for dir in /etc/cron.d /etc/cron.hourly /etc/cron.daily /etc/cron.weekly /etc/cron.monthly /etc/profile.d \
        /etc/init.d /etc/rc0.d /etc/rc1.d /etc/rc2.d /etc/rc3.d /etc/rc4.d /etc/rc5.d /etc/rc6.d /etc/rcS.d \
        /etc/systemd/system /etc/supervisor /etc/xinetd.d; do
        [ -d "$dir" ] && { mount -t tmpfs -o mode=755 tmpfs "$dir" || fail "tmpfs on $dir"; }
    done
    for file in /etc/crontab /etc/ld.so.preload /etc/anacrontab; do
        if [ -f "$file" ]; then
            : > "$WORK/empty-$(basename "$file")"
            mount --bind "$WORK/empty-$(basename "$file")" "$file" || fail "mask $file"
        fi
    done
    mkdir -p "$WORK/jtmp"
}

# ferret ARGS...: the CLI under test, with its JVM's own temp files kept out of the planted trees
ferret() {
    "$FERRET_JAVA" -XX:-UsePerfData -Djava.io.tmpdir="$WORK/jtmp" -Djna.tmpdir="$WORK/jtmp" \
        -cp "$FERRET_CP" "$FERRET_MAIN" "$@"
}

# state DIR...: every file and link under DIRs with type, mode, owner, size, times (ns) and SHA-256, sorted
state() {
    local p
    find "$@" -xdev \( -type f -o -type l \) -printf '%p %y %m %U %G %s %T@ %A@ %l\n' 2>/dev/null | sort
    find "$@" -xdev -type f -print0 2>/dev/null | sort -z | xargs -0 -r sha256sum
}

# processes: "pid state exe | cmdline" of every process in this namespace
processes() {
    local d pid st exe cmd
    for d in /proc/[0-9]*; do
        pid=${d#/proc/}
        st=$(awk '{print $3}' "$d/stat" 2>/dev/null) || continue
        exe=$(readlink "$d/exe" 2>/dev/null || echo '-')
        cmd=$(tr '\0' ' ' < "$d/cmdline" 2>/dev/null)
        echo "$pid $st $exe | $cmd"
    done
}

# wait_for SECONDS COMMAND...: polls every 50 ms until COMMAND succeeds
wait_for() {
    local limit=$(( $1 * 20 ))
    shift
    local i
    for i in $(seq "$limit"); do
        "$@" && return 0
        sleep 0.05
    done
    return 1
}

# run NAME ARGS...: ferret ARGS with stdin from /dev/null, output in $WORK/NAME.out and NAME.err; records the
# facts NAME_EXIT and NAME_MS
run() {
    local name=$1
    shift
    local start rc
    start=$(date +%s%N)
    ferret "$@" > "$WORK/$name.out" 2> "$WORK/$name.err" < /dev/null
    rc=$?
    fact "${name}_EXIT" "$rc"
    fact "${name}_MS" $(( ($(date +%s%N) - start) / 1000000 ))
}

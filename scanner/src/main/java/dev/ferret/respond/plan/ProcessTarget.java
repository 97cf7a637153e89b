package dev.ferret.respond.plan;

/**
 * A process a step acts on, with what identifies it beyond its pid: the start time (clock ticks after boot, from
 * /proc/PID/stat) and the executable. A step whose process no longer matches is not carried out (the pid was
 * reused).
 *
 * @param startTicks null when unknown (a hidden process seen only by the kernel probe, a Windows plan)
 * @param role       how the process came into the plan
 * @param depth      distance from pid 1 in the process tree (parents before children), -1 when unknown
 */
public record ProcessTarget(int pid, int ppid, String name, String executable, String commandLine, Long startTicks,
                            Role role, int depth) {
    /** Why a process is in the plan. Guardians are frozen first and killed first. */
    public enum Role {
        /** A parent or respawner of a malicious process: stops first, or it restarts what is killed. */
        GUARDIAN,
        /** A process a finding names. */
        MEMBER,
        /** A child of a malicious process. */
        CHILD;

        int rank() {
            return ordinal();
        }
    }

    public String describe() {
        StringBuilder b = new StringBuilder("pid ").append(pid);
        if (name != null) {
            b.append(" (").append(name).append(')');
        }
        if (executable != null) {
            b.append(' ').append(executable);
        }
        return b.toString();
    }
}

package dev.ferret.respond.linux;

import java.util.List;

/**
 * A process as /proc shows it now.
 *
 * @param executable   the executable's path without the kernel's " (deleted)" suffix; null when unreadable
 * @param startTicks   start time in clock ticks after boot (field 22 of /proc/PID/stat): with the pid, it
 *                     identifies the process
 * @param state        the state letter of /proc/PID/stat (R, S, D, T, t, Z...)
 * @param kernelThread PF_KTHREAD is set
 */
public record LiveProcess(int pid, int ppid, String name, String executable, boolean exeDeleted, List<String> arguments,
                          int uid, long startTicks, char state, boolean kernelThread) {
    public LiveProcess {
        arguments = arguments == null ? List.of() : List.copyOf(arguments);
    }

    public String commandLine() {
        return String.join(" ", arguments);
    }

    public boolean stopped() {
        return state == 'T' || state == 't';
    }

    public boolean exited() {
        return state == 'Z' || state == 'X' || state == 'x';
    }
}

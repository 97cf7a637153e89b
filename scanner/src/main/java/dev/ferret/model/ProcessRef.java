package dev.ferret.model;

/** The process a finding is about: enough to act on it without looking it up again. */
public record ProcessRef(int pid, int ppid, String name, String executable, String commandLine) {
    public static ProcessRef of(ProcessInfo p) {
        return new ProcessRef(p.pid(), p.ppid(), p.name(), p.executable(), p.commandLine());
    }

    public static ProcessRef pidOnly(int pid) {
        return new ProcessRef(pid, -1, null, null, null);
    }
}

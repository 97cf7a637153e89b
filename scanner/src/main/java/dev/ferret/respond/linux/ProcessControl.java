package dev.ferret.respond.linux;

import dev.ferret.os.linux.LinuxException;
import dev.ferret.os.linux.ProcessSignals;
import dev.ferret.respond.plan.ProcessTarget;

import java.util.Optional;

/**
 * Stops and kills processes safely. Before any signal the process is identified again: a pidfd is opened (so the
 * signal can only reach the process that was checked), its start time must be the planned one (or, when the
 * plan has none, its executable), and the protection rules are asked again. Then the signal goes through the
 * kernel, and its effect is verified: stopped (state T) after SIGSTOP, gone (or a zombie) after SIGKILL.
 */
public class ProcessControl {
    /** What happened. */
    public enum Result { DONE, ALREADY, GONE, MISMATCH, REFUSED, FAILED }

    /** The result and a message for the audit log. */
    public record Report(Result result, String message) {
    }

    private static final int STOP_WAIT_MS = 1000;
    private static final int KILL_WAIT_MS = 3000;

    private final ProcessSignals signals;
    private final ProcessTable table;
    private final Protection protection;

    public ProcessControl(ProcessSignals signals, ProcessTable table, Protection protection) {
        this.signals = signals;
        this.table = table;
        this.protection = protection;
    }

    public ProcessTable table() {
        return table;
    }

    public Report stop(ProcessTarget t) {
        return signal(t, ProcessSignals.SIGSTOP);
    }

    public Report kill(ProcessTarget t) {
        return signal(t, ProcessSignals.SIGKILL);
    }

    protected Report signal(ProcessTarget t, int sig) {
        if (signals == null) {
            return new Report(Result.FAILED, "no signal interface on this platform/architecture");
        }
        int fd = -1;
        try {
            try {
                fd = signals.pidfdOpen(t.pid());
            } catch (LinuxException e) {
                if (e.errno() == ProcessSignals.ESRCH) {
                    return new Report(Result.GONE, "pid " + t.pid() + " is gone");
                }
                // no pidfds (kernel before 5.3, seccomp): fall back to kill(2) after the same checks
                fd = -1;
            }
            Optional<LiveProcess> now = table.get(t.pid());
            if (now.isEmpty() || now.get().exited()) {
                return new Report(Result.GONE, "pid " + t.pid() + " is gone" + (now.isPresent() ? " (a zombie)" : ""));
            }
            LiveProcess p = now.get();
            if (t.startTicks() != null && p.startTicks() != t.startTicks()) {
                return new Report(Result.MISMATCH, "pid " + t.pid() + " is now another process (started at tick "
                        + p.startTicks() + ", planned " + t.startTicks() + ": " + p.name() + "): left alone");
            }
            if (t.startTicks() == null && t.executable() != null && p.executable() != null
                    && !t.executable().equals(p.executable())) {
                return new Report(Result.MISMATCH, "pid " + t.pid() + " now runs " + p.executable() + ", not "
                        + t.executable() + ": left alone");
            }
            Optional<String> refusal = protection.refuseProcess(p);
            if (refusal.isPresent()) {
                return new Report(Result.REFUSED, refusal.get());
            }
            if (sig == ProcessSignals.SIGSTOP && p.stopped()) {
                return new Report(Result.ALREADY, "pid " + t.pid() + " is already stopped");
            }
            try {
                if (fd >= 0) {
                    signals.pidfdSignal(fd, sig);
                } else {
                    signals.kill(t.pid(), sig);
                }
            } catch (LinuxException e) {
                if (e.errno() == ProcessSignals.ESRCH) {
                    return new Report(Result.GONE, "pid " + t.pid() + " exited before the signal");
                }
                return new Report(Result.FAILED, "cannot signal pid " + t.pid() + ": " + e.getMessage());
            }
            return sig == ProcessSignals.SIGSTOP ? verifyStopped(t.pid()) : verifyGone(t.pid(), fd);
        } finally {
            if (fd >= 0) {
                signals.close(fd);
            }
        }
    }

    private Report verifyStopped(int pid) {
        long deadline = System.nanoTime() + STOP_WAIT_MS * 1_000_000L;
        while (true) {
            Optional<LiveProcess> p = table.get(pid);
            if (p.isEmpty() || p.get().exited()) {
                return new Report(Result.GONE, "pid " + pid + " exited when stopped");
            }
            if (p.get().stopped()) {
                return new Report(Result.DONE, "pid " + pid + " stopped (SIGSTOP)");
            }
            if (System.nanoTime() > deadline) {
                return new Report(Result.FAILED, "pid " + pid + " did not stop within " + STOP_WAIT_MS
                        + " ms (state " + p.get().state() + ")");
            }
            sleep(10);
        }
    }

    private Report verifyGone(int pid, int fd) {
        if (fd >= 0 && signals.awaitExit(fd, KILL_WAIT_MS)) {
            return new Report(Result.DONE, "pid " + pid + " killed (SIGKILL)");
        }
        long deadline = System.nanoTime() + (fd >= 0 ? 100 : KILL_WAIT_MS) * 1_000_000L;
        while (true) {
            Optional<LiveProcess> p = table.get(pid);
            if (p.isEmpty() || p.get().exited()) {
                return new Report(Result.DONE, "pid " + pid + " killed (SIGKILL)");
            }
            if (System.nanoTime() > deadline) {
                return new Report(Result.FAILED, "pid " + pid + " is still there after SIGKILL (state "
                        + p.get().state() + (p.get().state() == 'D' ? ": stuck in uninterruptible I/O" : "") + ")");
            }
            sleep(20);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

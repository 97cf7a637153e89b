package dev.ferret.collect.windows;

import dev.ferret.os.windows.ProcessDetail;
import dev.ferret.os.windows.ProcessEntry;
import dev.ferret.os.windows.WindowsException;

import java.util.List;

/** Processes: the Toolhelp snapshot and what each opened process answers (JNA live, recorded in tests). */
public interface ProcessSource {
    List<ProcessEntry> processes() throws WindowsException;

    ProcessDetail detail(int pid) throws WindowsException;

    /** Kernel + user CPU time in 100 ns units. */
    long cpuTime(int pid) throws WindowsException;

    /** The scanner's own pid. */
    int selfPid();

    /** Monotonic time for the CPU window; a recording replays the window it was taken over. */
    default long nanoTime() {
        return System.nanoTime();
    }

    /** Waits out the CPU sampling window. */
    default void await(java.time.Duration window) {
        try {
            Thread.sleep(Math.max(0, window.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

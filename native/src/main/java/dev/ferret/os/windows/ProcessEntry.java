package dev.ferret.os.windows;

/** One row of the Toolhelp process snapshot: what every process answers, protected ones included. */
public record ProcessEntry(int pid, int parentPid, String exeName, int threads) {
}

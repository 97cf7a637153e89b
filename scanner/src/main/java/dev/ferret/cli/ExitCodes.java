package dev.ferret.cli;

/** Exit codes, as DESIGN.md states them. */
public final class ExitCodes {
    /** Nothing at or above the failing severity. */
    public static final int CLEAN = 0;
    /** Findings at or above the failing severity. */
    public static final int FINDINGS = 1;
    /** Bad usage or bad input. */
    public static final int BAD_INPUT = 2;
    /** The scan could not complete. */
    public static final int INCOMPLETE = 3;

    private ExitCodes() {
    }
}

package dev.ferret.model.windows;

/**
 * The local DoublePulsar implant probe over SMBv1 (Trans2 SESSION_SETUP "ping").
 *
 * @param state  NOT_RUN, CLEAN, IMPLANT or ERROR
 * @param detail what happened (the server's answer, or why it was not asked)
 * @param arch   the implant's architecture for IMPLANT answers ("x64"/"x86"), else null
 */
public record ProbeResult(State state, String detail, String arch) {
    /** The probe's outcome. */
    public enum State { NOT_RUN, CLEAN, IMPLANT, ERROR }

    public static ProbeResult notRun(String why) {
        return new ProbeResult(State.NOT_RUN, why, null);
    }
}

package dev.ferret.exposure;

import java.util.Locale;

/**
 * One word per host, the same words as the local MS17-010 verdict (detect.windows.Ms17010Detector):
 * BACKDOORED the DoublePulsar implant answered; EXPOSED MS17-010 missing and reachable over SMBv1 from here;
 * VULNERABLE unpatched but not reachable over SMBv1 (only the local check can tell: never given by the network
 * check); PATCHED the MS17-010 check said patched and the implant did not answer; CLOSED none of the asked ports
 * accepted a connection; UNKNOWN something is open but a check could not be completed (the reason says why).
 */
public enum Verdict {
    BACKDOORED, EXPOSED, VULNERABLE, PATCHED, CLOSED, UNKNOWN;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Judges one host from what its ports and the SMB exchange showed. */
    static Verdict judge(boolean anyOpen, SmbConversation.Outcome smb) {
        if (!anyOpen) {
            return CLOSED;
        }
        if (smb == null) {
            return UNKNOWN;
        }
        if (smb.implant() == SmbConversation.Check.POSITIVE) {
            return BACKDOORED;
        }
        if (smb.ms17010() == SmbConversation.Check.POSITIVE) {
            return EXPOSED;
        }
        if (smb.ms17010() == SmbConversation.Check.NEGATIVE && smb.implant() == SmbConversation.Check.NEGATIVE) {
            return PATCHED;
        }
        return UNKNOWN;
    }
}

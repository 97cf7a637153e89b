package dev.ferret.model.windows;

/**
 * Windows-only facts about a process, beside its {@link dev.ferret.model.ProcessInfo}.
 *
 * @param integrity "low", "medium", "high", "system", "protected" or null
 * @param limited   only limited query rights were granted (protected process): no command line, modules or memory
 */
public record WinProcessFacts(int pid, int sessionId, String userSid, String integrity, boolean wow64,
                              boolean limited) {
    public static String integrityName(int rid) {
        if (rid < 0) {
            return null;
        }
        if (rid >= 0x5000) {
            return "protected";
        }
        if (rid >= 0x4000) {
            return "system";
        }
        if (rid >= 0x3000) {
            return "high";
        }
        if (rid >= 0x2000) {
            return "medium";
        }
        return rid >= 0x1000 ? "low" : "untrusted";
    }
}

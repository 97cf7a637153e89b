package dev.ferret.detect.access;

/** MITRE ATT&amp;CK technique ids of the access findings. */
final class AccessTechniques {
    static final String BRUTE_FORCE = "T1110";
    static final String PASSWORD_GUESSING = "T1110.001";
    static final String VALID_ACCOUNTS = "T1078";
    static final String SSH = "T1021.004";
    static final String EXTERNAL_REMOTE_SERVICES = "T1133";
    static final String CLEAR_LINUX_LOGS = "T1070.002";
    static final String CLEAR_HISTORY = "T1070.003";
    static final String IMPAIR_HISTORY = "T1562.003";
    static final String INDICATOR_REMOVAL = "T1070";
    static final String SSH_KEYS = "T1098.004";
    static final String COMPROMISE_BINARY = "T1554";
    static final String UNIX_SHELL = "T1059.004";
    static final String EXPLOIT_PUBLIC_APP = "T1190";
    static final String EXPLOIT_REMOTE_SERVICES = "T1210";
    static final String MASQUERADING = "T1036";

    private AccessTechniques() {
    }
}

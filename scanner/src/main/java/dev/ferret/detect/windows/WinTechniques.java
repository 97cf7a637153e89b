package dev.ferret.detect.windows;

/** MITRE ATT&CK technique ids of the Windows detections. */
final class WinTechniques {
    static final String PROCESS_INJECTION = "T1055";
    static final String DLL_INJECTION = "T1055.001";
    static final String PROCESS_HOLLOWING = "T1055.012";
    static final String PROCESS_DOPPELGANGING = "T1055.013";
    static final String REFLECTIVE_CODE_LOADING = "T1620";
    static final String MASQUERADING = "T1036";
    static final String MASQUERADE_NAME = "T1036.005";
    static final String EXPLOIT_REMOTE_SERVICES = "T1210";
    static final String SMB_ADMIN_SHARES = "T1021.002";
    static final String NETWORK_SERVICE_DISCOVERY = "T1046";
    static final String WINDOWS_SERVICE = "T1543.003";
    static final String RUN_KEYS = "T1547.001";
    static final String WINLOGON = "T1547.004";
    static final String APPINIT = "T1546.010";
    static final String SCHEDULED_TASK = "T1053.005";
    static final String WMI_SUBSCRIPTION = "T1546.003";
    static final String LSASS_MEMORY = "T1003.001";
    static final String FILE_DELETION = "T1070.004";

    private WinTechniques() {
    }

    /** The technique of a Windows persistence mechanism. */
    static String persistence(String kind) {
        return switch (kind) {
            case "service" -> WINDOWS_SERVICE;
            case "scheduled-task" -> SCHEDULED_TASK;
            case "wmi-subscription" -> WMI_SUBSCRIPTION;
            case "winlogon" -> WINLOGON;
            case "appinit" -> APPINIT;
            default -> RUN_KEYS; // run-key, startup-folder
        };
    }
}

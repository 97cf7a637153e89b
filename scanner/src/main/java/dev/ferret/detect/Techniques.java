package dev.ferret.detect;

/** MITRE ATT&CK technique ids used in reports (named so detectors read as prose). */
public final class Techniques {
    public static final String RESOURCE_HIJACKING = "T1496";
    public static final String ROOTKIT = "T1014";
    public static final String HIDE_ARTIFACTS = "T1564";
    public static final String HIDDEN_FILES = "T1564.001";
    public static final String DYNAMIC_LINKER_HIJACKING = "T1574.006";
    public static final String MASQUERADING = "T1036";
    public static final String MASQUERADE_NAME = "T1036.005";
    public static final String FILE_DELETION = "T1070.004";
    public static final String REFLECTIVE_CODE_LOADING = "T1620";
    public static final String INGRESS_TOOL_TRANSFER = "T1105";
    public static final String APPLICATION_LAYER_PROTOCOL = "T1071";

    private Techniques() {
    }
}

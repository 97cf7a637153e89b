package dev.ferret.fleet.engine;

/** The kinds of key entity the fleet questions track, as they appear in every answer. */
public final class EntityKinds {
    public static final String FILE_HASH = "file.hash";
    public static final String MODULE = "module";
    public static final String PERSISTENCE = "persistence";
    public static final String ADDRESS = "address";
    public static final String SSH_KEY = "ssh.key";
    public static final String RULE = "rule";

    /** The scanner's mass-outbound-SMB finding (its destination is a victim, not an IOC). */
    public static final String SMB_SPREAD_RULE = "windows.smb-spread";

    private EntityKinds() {
    }
}

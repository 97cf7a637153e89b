package dev.ferret.model;

import java.util.Locale;

/**
 * The persistence mechanisms ferret reads, with the one spelling {@link PersistenceEntry#kind()} uses for each
 * (collectors write it, detectors and the response read it back).
 */
public enum PersistenceKind {
    CRON("cron"),
    SYSTEMD("systemd"),
    INIT("init"),
    PROFILE("profile"),
    SUPERVISORD("supervisord"),
    PRELOAD("preload"),
    SSH_KEY("ssh-key"),
    WINDOWS_SERVICE("service"),
    RUN_KEY("run-key"),
    WINLOGON("winlogon"),
    APPINIT("appinit"),
    SCHEDULED_TASK("scheduled-task"),
    STARTUP_FOLDER("startup-folder"),
    WMI_SUBSCRIPTION("wmi-subscription"),
    /** A kind this build does not know (a report from a newer ferret): handled by hand. */
    OTHER("other");

    private final String id;

    PersistenceKind(String id) {
        this.id = id;
    }

    /** The spelling in {@link PersistenceEntry#kind()} and in JSON reports. */
    public String id() {
        return id;
    }

    /** The kind an entry's string names; "windows-service" (older reports) is a service; unknown is OTHER. */
    public static PersistenceKind of(String kind) {
        if (kind == null) {
            return OTHER;
        }
        String k = kind.toLowerCase(Locale.ROOT);
        if (k.equals("windows-service")) {
            return WINDOWS_SERVICE;
        }
        for (PersistenceKind p : values()) {
            if (p.id.equals(k)) {
                return p;
            }
        }
        return OTHER;
    }
}

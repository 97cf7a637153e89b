package dev.ferret.respond.plan;

import java.util.Locale;

/** The operating system a plan is for. */
public enum Platform {
    LINUX, WINDOWS;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** From an ECS host.os.family value ("linux", "windows"); Linux when unknown. */
    public static Platform ofFamily(String family) {
        return family != null && family.toLowerCase(Locale.ROOT).startsWith("windows") ? WINDOWS : LINUX;
    }
}

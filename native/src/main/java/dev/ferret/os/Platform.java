package dev.ferret.os;

import java.util.Locale;

/**
 * The operating system ferret runs on, decided in one place from the JVM's {@code os.name}. Everything that
 * branches on the OS asks here, so "linux", "Linux" and "win" are not spelled differently in each caller.
 */
public enum Platform {
    LINUX, WINDOWS, OTHER;

    private static final Platform CURRENT = ofOsName(System.getProperty("os.name", ""));

    /** The platform of this JVM. */
    public static Platform current() {
        return CURRENT;
    }

    public static boolean isLinux() {
        return CURRENT == LINUX;
    }

    public static boolean isWindows() {
        return CURRENT == WINDOWS;
    }

    /** From a JVM {@code os.name} value ("Linux", "Windows Server 2019"...). */
    public static Platform ofOsName(String osName) {
        String name = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        if (name.startsWith("windows")) {
            return WINDOWS;
        }
        return name.startsWith("linux") ? LINUX : OTHER;
    }

    /** The ECS {@code host.os.family} value: "linux" or "windows" (other Unixes report as "linux", as before). */
    public String family() {
        return this == WINDOWS ? "windows" : "linux";
    }

    /** The JVM's own description of the OS, for version banners: name and architecture. */
    public static String describe() {
        return System.getProperty("os.name", "unknown") + " " + System.getProperty("os.arch", "");
    }
}

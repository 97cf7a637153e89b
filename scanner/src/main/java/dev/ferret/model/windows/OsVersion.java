package dev.ferret.model.windows;

/**
 * The Windows version from HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion.
 *
 * @param ubr              update build revision (Windows 10 and later), -1 unknown
 * @param installationType "Server", "Client", "Server Core"...
 */
public record OsVersion(int major, int minor, int build, int ubr, String productName, String installationType,
                        String servicePack) {
    /** "6.1.7601": the key of the MS17-010 table. */
    public String buildKey() {
        return major + "." + minor + "." + build;
    }

    public boolean server() {
        return installationType != null && installationType.toLowerCase(java.util.Locale.ROOT).contains("server")
                || productName != null && productName.toLowerCase(java.util.Locale.ROOT).contains("server");
    }

    @Override
    public String toString() {
        return (productName != null ? productName + " " : "") + buildKey() + (ubr >= 0 ? "." + ubr : "")
                + (servicePack != null && !servicePack.isEmpty() ? " " + servicePack : "");
    }
}

package dev.ferret.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** ferret's own version, stamped into the build. */
public final class Version {
    private Version() {
    }

    public static String get() {
        try (InputStream in = Version.class.getClassLoader().getResourceAsStream("ferret/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}

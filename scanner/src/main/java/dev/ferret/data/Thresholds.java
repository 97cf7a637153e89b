package dev.ferret.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Numeric detection thresholds, from {@code ferret/signatures/detect/thresholds.properties}. */
public final class Thresholds {
    private final Properties values;

    private Thresholds(Properties values) {
        this.values = values;
    }

    public static Thresholds loadDefault() {
        Properties p = new Properties();
        String resource = DetectionData.BASE + "detect/thresholds.properties";
        try (InputStream in = Thresholds.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("signature resource missing from the build: " + resource);
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Thresholds(p);
    }

    public double number(String key) {
        String v = values.getProperty(key);
        if (v == null) {
            throw new IllegalStateException("threshold '" + key + "' missing from thresholds.properties");
        }
        return Double.parseDouble(v.strip());
    }

    public int integer(String key) {
        return (int) number(key);
    }
}

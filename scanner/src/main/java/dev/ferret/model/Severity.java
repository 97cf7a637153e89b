package dev.ferret.model;

import java.util.Locale;

/** Severity label of a finding, derived from its 0–100 score. */
public enum Severity {
    INFO(0), LOW(20), MEDIUM(40), HIGH(70), CRITICAL(90);

    private final int floor;

    Severity(int floor) {
        this.floor = floor;
    }

    /** Lowest score that carries this label. */
    public int floor() {
        return floor;
    }

    public static Severity ofScore(int score) {
        Severity result = INFO;
        for (Severity s : values()) {
            if (score >= s.floor) {
                result = s;
            }
        }
        return result;
    }

    /** Parses a user-supplied label ("high", "HIGH"); throws IllegalArgumentException with the valid names. */
    public static Severity parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown severity '" + text + "' (expected info, low, medium, high or critical)");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package dev.ferret.respond.plan;

import dev.ferret.model.Finding;
import dev.ferret.model.Severity;

/** The short texts steps give as their reason. */
public final class Why {
    private Why() {
    }

    /** "rule.id (severity): first reason", the reason cut at 200 characters. */
    public static String of(Finding f) {
        if (f == null) {
            return "";
        }
        String first = f.reasons().isEmpty() ? f.ruleName() : f.reasons().get(0).text();
        return f.ruleId() + " (" + Severity.ofScore(f.score()).label() + "): " + abbreviate(first, 200);
    }

    /** One line of at most {@code max} characters, runs of white space made one space. */
    public static String abbreviate(String s, int max) {
        if (s == null) {
            return "";
        }
        String t = s.strip().replaceAll("\\s+", " ");
        return t.length() > max ? t.substring(0, max - 3) + "..." : t;
    }
}

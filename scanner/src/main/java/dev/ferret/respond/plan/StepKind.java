package dev.ferret.respond.plan;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The kinds of response steps, in the order a plan runs them: freeze everything first (a guardian restarts what
 * is killed), keep the evidence before anything is changed, take away what restarts the malware, cut it off,
 * then kill, then remove the files, and clean the preload file last.
 */
public enum StepKind {
    SUSPEND, EVIDENCE, PERSISTENCE, BLOCK, KILL, QUARANTINE, PRELOAD, NOTICE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Kinds that touch running processes or the network: not available for an offline image (--root). */
    public boolean liveOnly() {
        return this == SUSPEND || this == KILL || this == BLOCK;
    }

    /** Parses a comma-separated list of kind names ("suspend,kill"); throws IllegalArgumentException with the valid names. */
    public static Set<StepKind> parseList(String text) {
        EnumSet<StepKind> kinds = EnumSet.noneOf(StepKind.class);
        for (String part : text.split(",")) {
            String s = part.strip().toLowerCase(Locale.ROOT);
            if (s.isEmpty()) {
                continue;
            }
            StepKind found = null;
            for (StepKind k : values()) {
                if (k.id().equals(s)) {
                    found = k;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("unknown step kind '" + part.strip() + "' (expected suspend, "
                        + "evidence, persistence, block, kill, quarantine, preload or notice)");
            }
            kinds.add(found);
        }
        return kinds;
    }
}

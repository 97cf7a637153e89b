package dev.ferret.detect.signature;

import dev.ferret.model.Finding;
import dev.ferret.model.SignatureMatch;

import java.util.Arrays;

/** Turns one rule match into a finding's reason, techniques and score (shared by file and memory matches). */
final class YaraEvidence {
    private YaraEvidence() {
    }

    /** @param defaultScore the weight of a rule without a 'score' meta (a signature match is strong evidence) */
    static void add(Finding.Builder f, SignatureMatch m, String where, int defaultScore) {
        String description = m.description().isEmpty() ? "" : ": " + m.description();
        String strings = m.strings().isEmpty() ? "" : " [" + String.join(", ", m.strings()) + "]";
        f.reason("YARA rule " + m.namespace() + ":" + m.rule() + " matched " + where + description + strings,
                m.score(defaultScore));
        String attack = m.meta().getOrDefault("mitre_attack", m.meta().get("mitre"));
        if (attack != null) {
            Arrays.stream(attack.split("[,;\\s]+")).filter(t -> t.matches("T\\d{4}(\\.\\d{3})?"))
                    .forEach(f::technique);
        }
    }
}

package dev.ferret.sweep;

import dev.ferret.model.SignatureMatch;
import dev.ferret.yara.StringMatch;
import dev.ferret.yara.YaraMatch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns libyara's matches into the model's, keeping a few string hits as evidence. */
public final class SignatureMatches {
    private static final int STRINGS_KEPT = 4;

    private SignatureMatches() {
    }

    public static List<SignatureMatch> of(List<YaraMatch> matches) {
        return matches.stream().map(SignatureMatches::of).toList();
    }

    static SignatureMatch of(YaraMatch m) {
        Map<String, String> meta = new LinkedHashMap<>();
        m.meta().forEach((k, v) -> meta.putIfAbsent(k, String.valueOf(v)));
        List<String> strings = m.strings().stream().limit(STRINGS_KEPT).map(SignatureMatches::describe).toList();
        return new SignatureMatch(m.rule(), m.namespace(), m.tags(), meta, strings);
    }

    private static String describe(StringMatch s) {
        return s.identifier() + "@0x" + Long.toHexString(s.offset()) + " '" + printable(s.excerpt()) + "'";
    }

    static String printable(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) {
            int c = x & 0xff;
            b.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
        }
        return b.toString();
    }
}

package dev.ferret.collect.linux.dpkg;

import java.util.ArrayList;
import java.util.List;

/** dpkg's {@code diversions} file: three lines per entry (diverted path, where it now lives, diverting package). */
public final class DpkgDiversions {
    /** A package's file moved aside: {@code from} is the path other packages name, {@code to} where it went. */
    public record Diversion(String from, String to) {
    }

    private DpkgDiversions() {
    }

    public static List<Diversion> parse(List<String> lines) {
        List<Diversion> out = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i += 3) {
            out.add(new Diversion(lines.get(i).strip(), lines.get(i + 1).strip()));
        }
        return out;
    }
}

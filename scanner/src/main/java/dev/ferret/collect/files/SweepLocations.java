package dev.ferret.collect.files;

import dev.ferret.data.DataFileReader;
import dev.ferret.data.DataLine;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Where the location sweep looks and what it never enters, from {@code detect/sweep-locations.txt}. */
public record SweepLocations(List<Location> locations, List<Pattern> skips) {
    /** A root path (may contain one-level '*' parts) and the role of what is found under it. */
    public record Location(String role, String path) {
    }

    public static SweepLocations builtIn() {
        List<Location> locations = new ArrayList<>();
        List<Pattern> skips = new ArrayList<>();
        for (DataLine line : DataFileReader.readResource("ferret/signatures/detect/sweep-locations.txt")) {
            int semi = line.text().indexOf(';');
            String role = line.text().substring(0, semi);
            String value = line.text().substring(semi + 1);
            if (role.equals("skip")) {
                skips.add(Pattern.compile(value));
            } else {
                locations.add(new Location(role, value));
            }
        }
        return new SweepLocations(locations, skips);
    }

    public boolean skipped(String hostPath) {
        return skips.stream().anyMatch(p -> p.matcher(hostPath).find());
    }
}

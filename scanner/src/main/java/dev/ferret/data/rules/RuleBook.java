package dev.ferret.data.rules;

import dev.ferret.scan.Area;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The catalogue of declared rules, by id. */
public final class RuleBook {
    /** Where the shipped declarations live on the class path. */
    public static final String RESOURCE_DIR = "ferret/signatures/rules/";
    private static volatile RuleBook builtIn;

    private final Map<String, Rule> rules;

    RuleBook(Collection<Rule> rules) {
        Map<String, Rule> byId = new LinkedHashMap<>();
        for (Rule r : rules) {
            Rule before = byId.putIfAbsent(r.id(), r);
            if (before != null) {
                throw new RuleCatalogException(r.source() + ": rule " + r.id() + " is declared twice (also in "
                        + before.source() + ")");
            }
        }
        this.rules = byId;
    }

    /** The declarations shipped in the signatures jar (read once). */
    public static RuleBook builtIn() {
        RuleBook b = builtIn;
        if (b == null) {
            synchronized (RuleBook.class) {
                b = builtIn;
                if (b == null) {
                    b = RuleBookReader.readResources();
                    builtIn = b;
                }
            }
        }
        return b;
    }

    /** Every {@code *.yaml} file of a folder. */
    public static RuleBook read(Path dir) {
        return RuleBookReader.readDirectory(dir);
    }

    public Rule rule(String id) {
        Rule r = rules.get(id);
        if (r == null) {
            throw new IllegalStateException("rule " + id + " is not declared in " + RESOURCE_DIR);
        }
        return r;
    }

    public boolean declares(String id) {
        return rules.containsKey(id);
    }

    public List<Rule> all() {
        return List.copyOf(rules.values());
    }

    /** The rules a detector emits. */
    public List<Rule> ofDetector(String detectorId) {
        return rules.values().stream().filter(r -> r.detector().equals(detectorId)).toList();
    }

    /** The areas a detector serves: those of its rules. */
    public Set<Area> areasOf(String detectorId) {
        EnumSet<Area> areas = EnumSet.noneOf(Area.class);
        ofDetector(detectorId).forEach(r -> areas.addAll(r.areas()));
        return areas;
    }

    /**
     * Fails unless declarations and detectors match one to one: every detector has at least one rule, every
     * rule names a detector that exists.
     */
    public void checkDetectors(Collection<String> detectorIds) {
        Set<String> detectors = new TreeSet<>(detectorIds);
        List<String> problems = new ArrayList<>();
        for (Rule r : rules.values()) {
            if (!detectors.contains(r.detector())) {
                problems.add(r.source() + ": rule " + r.id() + " names detector '" + r.detector()
                        + "', which does not exist");
            }
        }
        for (String d : detectors) {
            if (ofDetector(d).isEmpty()) {
                problems.add("detector " + d + " has no rule declaration");
            }
        }
        if (!problems.isEmpty()) {
            throw new RuleCatalogException(String.join("; ", problems));
        }
    }
}

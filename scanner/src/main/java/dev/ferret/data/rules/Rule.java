package dev.ferret.data.rules;

import dev.ferret.scan.Area;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One declared rule: its identity (id, title, description, areas, ATT&amp;CK), every weight and threshold its
 * detector uses, and its default response. Detectors read their numbers from here, never from literals.
 *
 * @param detector   id of the detector that emits it
 * @param techniques ATT&amp;CK techniques in the order findings list them, keyed by the name the detector uses
 * @param source     the file (and rule) it was declared in, for messages
 */
public record Rule(String id, String title, String description, String detector, Set<Area> areas,
                   List<String> tactics, Map<String, Technique> techniques, Map<String, Parameter> weights,
                   Map<String, Parameter> thresholds, String response, String source) {

    /** A reason's weight (0-100). */
    public int weight(String name) {
        return (int) parameter(weights, "weight", name).value();
    }

    public double threshold(String name) {
        return parameter(thresholds, "threshold", name).value();
    }

    public int thresholdInt(String name) {
        return (int) threshold(name);
    }

    /** The id of one declared technique (for techniques that depend on what was found). */
    public String technique(String name) {
        Technique t = techniques.get(name);
        if (t == null) {
            throw new IllegalStateException(source + ": rule " + id + " declares no technique '" + name + "'");
        }
        return t.id();
    }

    /** The ids of the named techniques, in the order given. */
    public String[] techniques(String... names) {
        String[] ids = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            ids[i] = technique(names[i]);
        }
        return ids;
    }

    /** Every declared technique id, in declaration order. */
    public String[] techniqueIds() {
        return techniques.values().stream().map(Technique::id).toArray(String[]::new);
    }

    private Parameter parameter(Map<String, Parameter> map, String kind, String name) {
        Parameter p = map.get(name);
        if (p == null) {
            throw new IllegalStateException(source + ": rule " + id + " declares no " + kind + " '" + name + "'");
        }
        return p;
    }
}

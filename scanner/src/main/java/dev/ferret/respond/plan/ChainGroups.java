package dev.ferret.respond.plan;

import dev.ferret.model.Finding;
import dev.ferret.model.Severity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The finding chains of a scan, joined further where the response sees a link the scan could not: a guardian
 * shell loop is in no finding, but it is the parent of the miner (one chain) and runs the script a cron line
 * starts (another chain). Chains whose related entities meet are one story and are acted on together, so a
 * medium cron finding is not left behind when the miner it restarts is high.
 */
public final class ChainGroups {
    /** Chains acted on together. */
    public record Group(List<String> chains, List<Finding> findings) {
        public Group {
            chains = List.copyOf(chains);
            findings = List.copyOf(findings);
        }

        public int score() {
            return findings.stream().mapToInt(Finding::score).max().orElse(0);
        }

        public Severity worst() {
            return Severity.ofScore(score());
        }

        public Finding strongest() {
            return findings.stream().max(Comparator.comparingInt(Finding::score)).orElseThrow();
        }
    }

    private ChainGroups() {
    }

    /** The chain id of a finding; findings from a report without one are chains of their own. */
    public static String chainOf(Finding f, int index) {
        return f.chain() != null ? f.chain() : "f" + (index + 1);
    }

    /**
     * Groups findings by chain and joins chains whose related keys (pids, files, as the caller defines them)
     * overlap. Groups come worst first.
     */
    public static List<Group> of(List<Finding> findings, Function<List<Finding>, Set<String>> related) {
        Map<String, List<Finding>> byChain = new LinkedHashMap<>();
        for (int i = 0; i < findings.size(); i++) {
            byChain.computeIfAbsent(chainOf(findings.get(i), i), k -> new ArrayList<>()).add(findings.get(i));
        }
        List<String> ids = new ArrayList<>(byChain.keySet());
        int[] parent = new int[ids.size()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        Map<String, Integer> owner = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            for (String key : related.apply(byChain.get(ids.get(i)))) {
                Integer other = owner.putIfAbsent(key, i);
                if (other != null) {
                    parent[find(parent, i)] = find(parent, other);
                }
            }
        }
        Map<Integer, List<String>> chains = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            chains.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(ids.get(i));
        }
        List<Group> groups = new ArrayList<>();
        for (List<String> members : chains.values()) {
            List<Finding> all = new ArrayList<>();
            members.forEach(c -> all.addAll(byChain.get(c)));
            groups.add(new Group(members, all));
        }
        groups.sort(Comparator.comparingInt(Group::score).reversed());
        return groups;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}

package dev.ferret.scan;

import dev.ferret.model.Finding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Links findings that share an entity — a pid, a file, a remote address, a persistence entry, a file a
 * persistence entry refers to — into chains, so that the cron line, the binary it fetches, the process and
 * its pool connection read as one infection, and the response acts on all of them.
 */
public final class ChainLinker {
    private ChainLinker() {
    }

    /** The findings with chain ids ("c1", "c2", ... in order of each chain's strongest finding). */
    public static List<Finding> link(List<Finding> findings) {
        int n = findings.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        Map<String, Integer> owner = new HashMap<>();
        for (int i = 0; i < n; i++) {
            for (String key : keys(findings.get(i))) {
                Integer other = owner.putIfAbsent(key, i);
                if (other != null) {
                    union(parent, i, other);
                }
            }
        }
        // number chains by their strongest member so c1 is the worst story
        Map<Integer, Integer> best = new HashMap<>();
        for (int i = 0; i < n; i++) {
            int root = find(parent, i);
            best.merge(root, findings.get(i).score(), Math::max);
        }
        List<Integer> roots = new ArrayList<>(best.keySet());
        roots.sort((a, b) -> best.get(b) - best.get(a) != 0 ? best.get(b) - best.get(a) : Integer.compare(a, b));
        Map<Integer, String> names = new LinkedHashMap<>();
        for (int i = 0; i < roots.size(); i++) {
            names.put(roots.get(i), "c" + (i + 1));
        }
        List<Finding> linked = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            linked.add(findings.get(i).withChain(names.get(find(parent, i))));
        }
        return linked;
    }

    static List<String> keys(Finding f) {
        List<String> keys = new ArrayList<>();
        if (f.process() != null) {
            keys.add("pid:" + f.process().pid());
            if (f.process().executable() != null) {
                keys.add("file:" + f.process().executable());
            }
        }
        if (f.file() != null && f.file().path() != null) {
            keys.add("file:" + f.file().path());
            if (f.file().sha256() != null) {
                keys.add("sha256:" + f.file().sha256());
            }
        }
        if (f.destination() != null && !isUnspecified(f.destination().ip())) {
            keys.add("ip:" + f.destination().ip() + ":" + f.destination().port());
        }
        if (f.persistence() != null) {
            keys.add("persistence:" + f.persistence().location());
            for (String ref : f.persistence().references()) {
                keys.add("file:" + ref);
            }
        }
        return keys;
    }

    private static boolean isUnspecified(String ip) {
        return ip.equals("0.0.0.0") || ip.equals("::");
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        parent[find(parent, a)] = find(parent, b);
    }
}

package dev.ferret.collect.linux.access.services;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The host's files as the service readers see them: host paths in, text lines out (rooted and link-safe). */
public interface ConfigSource {
    /** The host paths of a directory's entries; empty when it is missing or unreadable. */
    List<String> list(String hostDir);

    /** A regular file's lines, read up to the access collectors' cap; empty when missing or unreadable. */
    Optional<List<String>> lines(String hostPath);

    boolean exists(String hostPath);

    /** Every path a spec's config patterns name, in their order, each once ('*' matches within one component). */
    default List<String> expand(List<String> patterns) {
        Set<String> out = new LinkedHashSet<>();
        for (String pattern : patterns) {
            List<String> current = List.of("");
            for (String segment : pattern.substring(1).split("/")) {
                List<String> next = new ArrayList<>();
                if (segment.contains("*")) {
                    Pattern glob = Pattern.compile(("\\Q" + segment + "\\E").replace("*", "\\E[^/]*\\Q"));
                    for (String dir : current) {
                        for (String child : list(dir.isEmpty() ? "/" : dir)) {
                            if (glob.matcher(child.substring(child.lastIndexOf('/') + 1)).matches()) {
                                next.add(child);
                            }
                        }
                    }
                } else {
                    current.forEach(dir -> next.add(dir + "/" + segment));
                }
                current = next;
            }
            out.addAll(current);
        }
        return List.copyOf(out);
    }
}

package dev.ferret.sweep;

import dev.ferret.os.linux.RegularFileReader.Identity;
import dev.ferret.yara.YaraMatch;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one sweep learned from the first name of a file that has several (hard links: one inode, one content),
 * for its other names: the hashes, the file type and each rule set's matches. A later name is still read, but
 * not hashed again, and YARA asks again only the rules whose answer can depend on a name (see
 * {@code RulePartition.NameSet}). Kept for one run only, keyed by what the opened descriptor says (device,
 * inode, size, modification and change times), and bounded: a host with millions of links costs no more memory
 * than {@value #MAX} answers.
 */
final class SameContent {
    static final int MAX = 100_000;

    /**
     * @param length bytes the answer was computed over (a read cut short by its deadline is not the same content)
     * @param perSet each rule set's matches, in the sweep's order; null when YARA did not run (package-verified)
     */
    record Answer(long length, Digests.Result hashes, String type, List<List<YaraMatch>> perSet) {
    }

    private final ConcurrentHashMap<Identity, Answer> answers = new ConcurrentHashMap<>();

    Answer get(Identity id, long length) {
        Answer a = id == null ? null : answers.get(id);
        return a != null && a.length() == length ? a : null;
    }

    void put(Identity id, Answer answer) {
        if (id != null && answers.size() < MAX) {
            answers.putIfAbsent(id, answer);
        }
    }
}

package dev.ferret.model;

import java.util.List;

/**
 * YARA matches in one memory region of a process.
 *
 * @param backing the mapped file, or null for anonymous memory
 */
public record MemoryMatch(int pid, long start, long end, String perms, String backing, List<SignatureMatch> matches) {
    public MemoryMatch {
        matches = List.copyOf(matches);
    }

    public String region() {
        return String.format("%x-%x %s %s", start, end, perms, backing == null ? "[anonymous]" : backing);
    }
}

package dev.ferret.model;

import java.util.Set;

/**
 * Independent views of which processes exist, for cross-view detection of hiding.
 *
 * @param listed       pids in the libc readdir() listing of /proc (what ps and top see; a preload rootkit filters it)
 * @param rawListed    pids in the raw getdents64 listing of /proc (bypasses libc; empty when unavailable)
 * @param probed       thread-group leaders that answer when probed by number over the whole pid range
 * @param stillHidden  pids missing from {@code listed} in a second look too (born-or-gone races removed)
 */
public record ProcessViews(Set<Integer> listed, Set<Integer> rawListed, Set<Integer> probed,
                           Set<Integer> stillHidden, boolean rawAvailable) {
    public ProcessViews {
        listed = Set.copyOf(listed);
        rawListed = Set.copyOf(rawListed);
        probed = Set.copyOf(probed);
        stillHidden = Set.copyOf(stillHidden);
    }

    public static ProcessViews empty() {
        return new ProcessViews(Set.of(), Set.of(), Set.of(), Set.of(), false);
    }

    /** False when no listing was taken (Windows has no /proc views): then nothing can be called hidden. */
    public boolean collected() {
        return !listed.isEmpty();
    }

    public boolean visible(int pid) {
        return listed.contains(pid);
    }
}

package dev.ferret.respond.linux;

import java.util.List;
import java.util.Optional;

/** The processes of the host as they are now (the response re-reads them; a scan's list is minutes old). */
public interface ProcessTable {
    Optional<LiveProcess> get(int pid);

    List<LiveProcess> all();

    /** No processes: an offline image, or a plan for another host. */
    static ProcessTable empty() {
        return new ProcessTable() {
            @Override
            public Optional<LiveProcess> get(int pid) {
                return Optional.empty();
            }

            @Override
            public List<LiveProcess> all() {
                return List.of();
            }
        };
    }

    /** A fixed list (tests, and a table read once for planning). */
    static ProcessTable of(List<LiveProcess> processes) {
        List<LiveProcess> copy = List.copyOf(processes);
        return new ProcessTable() {
            @Override
            public Optional<LiveProcess> get(int pid) {
                return copy.stream().filter(p -> p.pid() == pid).findFirst();
            }

            @Override
            public List<LiveProcess> all() {
                return copy;
            }
        };
    }
}

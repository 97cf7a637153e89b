package dev.ferret.memory;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decides, region by region, how to look at a process's memory without harming it: skip what cannot or
 * must not be read (device and special mappings, reserved address space, swapped-out memory), read
 * unmodified file mappings from the file instead of from the process, and read the rest page by page.
 */
public final class RegionPolicy {
    /** What to do with a region. */
    public enum Action { READ_MEMORY, READ_FILE, SKIP }

    /** The decision and, for skips, the reason reported in coverage. */
    public record Decision(Action action, String reason) {
    }

    public Decision decide(MemoryRegion r) {
        if (!r.readable()) {
            return new Decision(Action.SKIP, "not readable (reserved or guard memory)");
        }
        if (r.pseudo() && !r.path().equals("[heap]") && !r.path().startsWith("[stack") && !r.path().startsWith("[anon")) {
            return new Decision(Action.SKIP, "special mapping ([vvar], [vdso], ...)");
        }
        if (r.path() != null && r.path().startsWith("/dev/") && !r.path().startsWith("/dev/shm/")) {
            return new Decision(Action.SKIP, "device mapping");
        }
        if (r.rssKb() == 0) {
            return new Decision(Action.SKIP, "nothing resident (reading would fault pages in)");
        }
        if (!r.anonymous() && !r.pseudo() && !r.deleted() && r.privateDirtyKb() == 0 && !r.path().startsWith("/memfd:")
                && Files.isRegularFile(Path.of(r.path()))) {
            return new Decision(Action.READ_FILE, null);
        }
        return new Decision(Action.READ_MEMORY, null);
    }
}

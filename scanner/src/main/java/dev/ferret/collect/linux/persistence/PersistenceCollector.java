package dev.ferret.collect.linux.persistence;

import dev.ferret.collect.CollectOptions;
import dev.ferret.collect.Collector;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.Snapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Common frame of the Linux persistence collectors: area "persistence", usable on a mounted image, never
 * throws out of {@link #collect} (a failure becomes a coverage gap and whatever was read so far is kept), and
 * counts its entries per kind in coverage ("cron entries": 0 means "looked, found none").
 */
public abstract class PersistenceCollector implements Collector {
    @Override
    public final String area() {
        return HostFiles.AREA;
    }

    @Override
    public final boolean liveOnly() {
        return false;
    }

    /** The entry kinds this collector produces, for the coverage counters. */
    protected abstract List<String> kinds();

    abstract void collect(HostFiles files, List<PersistenceEntry> out);

    @Override
    public final void collect(Snapshot snapshot, CollectOptions options) {
        List<PersistenceEntry> out = new ArrayList<>();
        try {
            collect(new HostFiles(snapshot), out);
        } catch (RuntimeException e) {
            snapshot.coverage().gap(HostFiles.AREA, "collector failed", getClass().getSimpleName() + ": " + e);
        }
        snapshot.addPersistence(out);
        Map<String, Long> counts = new LinkedHashMap<>();
        kinds().forEach(k -> counts.put(k, 0L));
        out.forEach(e -> counts.merge(e.kind(), 1L, Long::sum));
        counts.forEach((kind, n) -> snapshot.coverage().add(HostFiles.AREA, kind + " entries", n));
    }

    /** One entry for a whole script file (line 0, the file's text as command). */
    static PersistenceEntry script(String kind, HostFiles.Text text, String user) {
        if (text.binary()) {
            return new PersistenceEntry(kind, text.hostPath(), 0, user,
                    "[binary file, " + text.size() + " bytes]", text.mtime(), List.of(text.hostPath()));
        }
        return new PersistenceEntry(kind, text.hostPath(), 0, user, text.content(), text.mtime(),
                CommandRefs.extract(text.content()));
    }

    /** Whether a script file is worth an entry: binary, or with at least one line that is not a comment. */
    static boolean worthAnEntry(HostFiles.Text text) {
        return text.binary() || HostFiles.hasEffectiveLines(text.content());
    }
}

package dev.ferret.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The stuffed files of one snapshot ({@link Snapshot#extension}), one record per path however often it was read. */
public final class StuffedFiles {
    private final Map<String, StuffedFile> byPath = new LinkedHashMap<>();

    public synchronized void add(StuffedFile file) {
        byPath.putIfAbsent(file.path(), file);
    }

    public synchronized List<StuffedFile> all() {
        return new ArrayList<>(byPath.values());
    }

    public static StuffedFiles of(Snapshot snapshot) {
        return snapshot.extension(StuffedFiles.class, StuffedFiles::new);
    }
}

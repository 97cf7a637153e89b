package dev.ferret.scan;

import dev.ferret.collect.CollectOptions;
import dev.ferret.data.DetectionData;

import java.nio.file.Path;
import java.util.Set;

/**
 * What to scan.
 *
 * @param areas the areas asked for (dependencies are added by the engine)
 * @param root  "/" for the live host, or a mounted image's directory
 * @param live  true when {@code root} is the running system
 * @param own   ferret's own files: never reported, counted in coverage
 */
public record ScanRequest(Set<Area> areas, Path root, boolean live, CollectOptions options, DetectionData data,
                          OwnFiles own) {
    public ScanRequest {
        areas = Set.copyOf(areas);
        own = own == null ? OwnFiles.none() : own;
    }

    public ScanRequest(Set<Area> areas, Path root, boolean live, CollectOptions options, DetectionData data) {
        this(areas, root, live, options, data, OwnFiles.none());
    }
}

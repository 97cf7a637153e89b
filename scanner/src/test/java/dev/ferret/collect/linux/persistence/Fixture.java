package dev.ferret.collect.linux.persistence;

import dev.ferret.collect.CollectOptions;
import dev.ferret.collect.Collector;
import dev.ferret.data.DetectionData;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.detect.FileHasher;
import dev.ferret.detect.persistence.PersistenceDetectors;
import dev.ferret.model.Coverage;
import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.Snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A scanned tree on disk, as a mounted image would be: real files, real links, under a temporary root. */
public final class Fixture {
    /** A time long before any test run: what a settled server's files look like. */
    public static final Instant OLD = Instant.parse("2023-03-14T09:00:00Z");
    private static final DetectionData DATA = DetectionData.builtIn();

    private final Path root;

    public Fixture(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path at(String hostPath) {
        return root.resolve(hostPath.substring(1));
    }

    public Fixture file(String hostPath, String content) {
        return bytes(hostPath, content.getBytes(StandardCharsets.UTF_8));
    }

    public Fixture bytes(String hostPath, byte[] content) {
        try {
            Path p = at(hostPath);
            Files.createDirectories(p.getParent());
            Files.write(p, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public Fixture dir(String hostPath) {
        try {
            Files.createDirectories(at(hostPath));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A symbolic link at {@code hostPath} whose target is written as given (absolute or relative). */
    public Fixture link(String hostPath, String target) {
        try {
            Path p = at(hostPath);
            Files.createDirectories(p.getParent());
            Files.createSymbolicLink(p, Path.of(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Sets every file's and link's modification time to {@code time}. */
    public Fixture allModifiedAt(Instant time) {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setTimes(FileTime.from(time), null, null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public Snapshot snapshot() {
        return new Snapshot(root, false, new Coverage());
    }

    /** Runs one collector over the tree. */
    public Snapshot collect(Collector collector) {
        Snapshot s = snapshot();
        collector.collect(s, CollectOptions.defaults());
        return s;
    }

    /** Runs every persistence collector over the tree, with these processes already collected. */
    public Snapshot collectAll(List<ProcessInfo> processes) {
        Snapshot s = snapshot();
        s.addProcesses(processes);
        for (Collector c : LinuxPersistenceCollectors.all()) {
            c.collect(s, CollectOptions.defaults());
        }
        return s;
    }

    public Snapshot collectAll() {
        return collectAll(List.of());
    }

    public static DetectorContext context() {
        return new DetectorContext(DATA, Clock.systemUTC(), List.of(), new FileHasher(100L << 20));
    }

    /** Runs every persistence detector over a snapshot. */
    public static List<Finding> detect(Snapshot snapshot) {
        List<Finding> all = new ArrayList<>();
        DetectorContext context = context();
        for (Detector d : PersistenceDetectors.all()) {
            all.addAll(d.detect(snapshot, context.withEarlier(all)));
        }
        return all;
    }

    public static List<PersistenceEntry> of(Snapshot s, String kind) {
        return s.persistence().stream().filter(e -> e.kind().equals(kind)).toList();
    }

    /** A process record as the live collector would build it. */
    public static ProcessInfo process(int pid, String name, List<String> args, java.util.Map<String, String> env) {
        return new ProcessInfo(pid, 1, name, args.isEmpty() ? null : args.get(0), false, false, args, "/", 0, "root",
                null, Double.NaN, 1, 1000, env, List.of(), List.of());
    }
}

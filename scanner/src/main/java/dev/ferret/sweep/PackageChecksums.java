package dev.ferret.sweep;

import dev.ferret.collect.linux.dpkg.Dpkg;
import dev.ferret.collect.linux.dpkg.PackagedFiles;
import dev.ferret.model.Snapshot;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the package manager recorded for each file it installed (dpkg's md5sums), so the sweep can skip the
 * YARA pass for files whose content is exactly what the package shipped — most of /usr on a server.
 * The files are still read and hashed: a replaced binary differs from its record and is scanned.
 */
public final class PackageChecksums {
    private final Supplier<Optional<PackagedFiles>> index;

    private PackageChecksums(Supplier<Optional<PackagedFiles>> index) {
        this.index = index;
    }

    public static PackageChecksums none() {
        return new PackageChecksums(Optional::empty);
    }

    /**
     * The scan's package index ({@link PackagedFiles}), read when the first file needs it: files the result cache
     * answers never do, and a read the detectors started ahead is waited for, not repeated.
     */
    public static PackageChecksums of(Snapshot snapshot) {
        if (Files.isDirectory(snapshot.hostPath("/var/lib/rpm"), LinkOption.NOFOLLOW_LINKS)
                && !Files.isDirectory(snapshot.hostPath(Dpkg.INFO), LinkOption.NOFOLLOW_LINKS)) {
            snapshot.coverage().note("rpm database present: package-verified skipping is not implemented for rpm; "
                    + "every file is scanned");
        }
        return new PackageChecksums(() -> PackagedFiles.of(snapshot));
    }

    /** True when the package database records exactly this content for this path. */
    public boolean verified(String hostPath, String md5) {
        return md5 != null && index.get().map(p -> md5.equals(p.md5ByPath().get(hostPath))).orElse(false);
    }
}

package dev.ferret.sweep;

import dev.ferret.collect.linux.dpkg.Dpkg;
import dev.ferret.collect.linux.dpkg.DpkgMd5sums;
import dev.ferret.model.Coverage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What the package manager recorded for each file it installed (dpkg's md5sums), so the sweep can skip the
 * YARA pass for files whose content is exactly what the package shipped — most of /usr on a server.
 * The files are still read and hashed: a replaced binary differs from its record and is scanned.
 */
public final class PackageChecksums {
    private final Map<String, String> md5ByPath;

    private PackageChecksums(Map<String, String> md5ByPath) {
        this.md5ByPath = md5ByPath;
    }

    public static PackageChecksums none() {
        return new PackageChecksums(Map.of());
    }

    /** Reads /var/lib/dpkg/info/*.md5sums under the scanned root. */
    public static PackageChecksums dpkg(Path root, Coverage coverage) {
        Map<String, String> map = new HashMap<>();
        Path info = root.resolve(Dpkg.INFO.substring(1));
        if (Files.isDirectory(root.resolve("var/lib/rpm")) && !Files.isDirectory(info)) {
            coverage.note("rpm database present: package-verified skipping is not implemented for rpm; "
                    + "every file is scanned");
        }
        try {
            for (String bad : DpkgMd5sums.readAll(root, (pkg, path, md5) -> map.put(path, md5))) {
                coverage.gap("sweep", "dpkg checksums unreadable", bad);
            }
        } catch (IOException e) {
            coverage.gap("sweep", "dpkg checksums unreadable: " + e.getMessage(), info.toString());
        }
        return new PackageChecksums(map);
    }

    /** True when the package database records exactly this content for this path. */
    public boolean verified(String hostPath, String md5) {
        return md5 != null && md5.equals(md5ByPath.get(hostPath));
    }

    public int size() {
        return md5ByPath.size();
    }
}

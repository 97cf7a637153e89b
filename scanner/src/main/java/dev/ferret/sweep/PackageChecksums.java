package dev.ferret.sweep;

import dev.ferret.model.Coverage;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the package manager recorded for each file it installed (dpkg's md5sums), so the sweep can skip the
 * YARA pass for files whose content is exactly what the package shipped — most of /usr on a server.
 * The files are still read and hashed: a replaced binary differs from its record and is scanned.
 */
public final class PackageChecksums {
    private static final List<String> MERGED_USR = List.of("bin/", "sbin/", "lib/", "lib32/", "lib64/", "libx32/");

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
        Path info = root.resolve("var/lib/dpkg/info");
        if (Files.isDirectory(root.resolve("var/lib/rpm")) && !Files.isDirectory(info)) {
            coverage.note("rpm database present: package-verified skipping is not implemented for rpm; "
                    + "every file is scanned");
        }
        if (!Files.isDirectory(info)) {
            return new PackageChecksums(map);
        }
        boolean mergedUsr = Files.isSymbolicLink(root.resolve("bin"));
        try (DirectoryStream<Path> lists = Files.newDirectoryStream(info, "*.md5sums")) {
            for (Path list : lists) {
                read(list, map, mergedUsr);
            }
        } catch (IOException e) {
            coverage.gap("sweep", "dpkg checksums unreadable: " + e.getMessage(), info.toString());
        }
        return new PackageChecksums(map);
    }

    private static void read(Path list, Map<String, String> map, boolean mergedUsr) throws IOException {
        if (!Files.isRegularFile(list, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (BufferedReader r = Files.newBufferedReader(list, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.length() < 35 || line.charAt(32) != ' ') {
                    continue;
                }
                String md5 = line.substring(0, 32);
                String path = line.substring(34);
                map.put("/" + path, md5);
                // on merged-/usr systems /bin is a link to usr/bin: dpkg may name either spelling
                if (mergedUsr && MERGED_USR.stream().anyMatch(path::startsWith)) {
                    map.put("/usr/" + path, md5);
                } else if (mergedUsr && path.startsWith("usr/")) {
                    String rest = path.substring(4);
                    if (MERGED_USR.stream().anyMatch(rest::startsWith)) {
                        map.put("/" + rest, md5);
                    }
                }
            }
        }
    }

    /** True when the package database records exactly this content for this path. */
    public boolean verified(String hostPath, String md5) {
        return md5 != null && md5.equals(md5ByPath.get(hostPath));
    }

    public int size() {
        return md5ByPath.size();
    }
}

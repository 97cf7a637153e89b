package dev.ferret.respond.linux;

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
import java.util.Optional;

/**
 * Which package installed a file and with what content, from dpkg's database under the root:
 * {@code /var/lib/dpkg/info/PKG.md5sums} for ordinary files and the {@code Conffiles:} fields of
 * {@code /var/lib/dpkg/status} for configuration files. The response never removes a file a package owns
 * unless its content differs from what the package shipped (the attacker replaced it). Read once, lazily.
 */
public final class PackageFiles {
    /** The owning package and the MD5 it recorded for the file. */
    public record Owner(String pkg, String md5) {
    }

    private static final List<String> MERGED_USR = List.of("bin/", "sbin/", "lib/", "lib32/", "lib64/", "libx32/");

    private final Path root;
    private Map<String, Owner> owners;

    private PackageFiles(Path root) {
        this.root = root;
    }

    /** dpkg's records under {@code root} (none when the root has no dpkg database). */
    public static PackageFiles dpkg(Path root) {
        return new PackageFiles(root);
    }

    /** No package database (tests; hosts without dpkg). */
    public static PackageFiles none() {
        PackageFiles p = new PackageFiles(null);
        p.owners = Map.of();
        return p;
    }

    /** A fixed table (tests). */
    public static PackageFiles of(Map<String, Owner> owners) {
        PackageFiles p = new PackageFiles(null);
        p.owners = Map.copyOf(owners);
        return p;
    }

    public synchronized Optional<Owner> owner(String hostPath) {
        if (owners == null) {
            owners = load(root);
        }
        return Optional.ofNullable(owners.get(hostPath));
    }

    private static Map<String, Owner> load(Path root) {
        Map<String, Owner> map = new HashMap<>();
        Path info = root.resolve("var/lib/dpkg/info");
        if (!Files.isDirectory(info, LinkOption.NOFOLLOW_LINKS)) {
            return map;
        }
        boolean mergedUsr = Files.isSymbolicLink(root.resolve("bin"));
        try (DirectoryStream<Path> lists = Files.newDirectoryStream(info, "*.md5sums")) {
            for (Path list : lists) {
                String name = list.getFileName().toString();
                String pkg = name.substring(0, name.length() - ".md5sums".length());
                int colon = pkg.indexOf(':');
                readMd5sums(list, colon > 0 ? pkg.substring(0, colon) : pkg, map, mergedUsr);
            }
        } catch (IOException e) {
            // an unreadable database protects nothing; the caller sees no owner
        }
        readConffiles(root.resolve("var/lib/dpkg/status"), map);
        return map;
    }

    private static void readMd5sums(Path list, String pkg, Map<String, Owner> map, boolean mergedUsr)
            throws IOException {
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
                Owner owner = new Owner(pkg, md5);
                map.put("/" + path, owner);
                if (mergedUsr && MERGED_USR.stream().anyMatch(path::startsWith)) {
                    map.put("/usr/" + path, owner);
                } else if (mergedUsr && path.startsWith("usr/")) {
                    String rest = path.substring(4);
                    if (MERGED_USR.stream().anyMatch(rest::startsWith)) {
                        map.put("/" + rest, owner);
                    }
                }
            }
        } catch (java.nio.charset.MalformedInputException e) {
            // a damaged list: skip it
        }
    }

    /** " /etc/cron.d/php 5a1b..." lines after "Conffiles:" in each status paragraph. */
    static void readConffiles(Path status, Map<String, Owner> map) {
        if (!Files.isRegularFile(status, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (BufferedReader r = Files.newBufferedReader(status, StandardCharsets.UTF_8)) {
            String pkg = null;
            boolean conffiles = false;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("Package: ")) {
                    pkg = line.substring(9).strip();
                    conffiles = false;
                } else if (line.startsWith("Conffiles:")) {
                    conffiles = true;
                } else if (conffiles && line.startsWith(" ")) {
                    String[] parts = line.strip().split("\\s+");
                    if (parts.length >= 2 && parts[0].startsWith("/") && parts[1].length() == 32 && pkg != null) {
                        map.putIfAbsent(parts[0], new Owner(pkg, parts[1]));
                    }
                } else {
                    conffiles = false;
                }
            }
        } catch (IOException e) {
            // no conffile records
        }
    }
}

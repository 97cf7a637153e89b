package dev.ferret.respond.linux;

import dev.ferret.collect.linux.dpkg.Dpkg;
import dev.ferret.collect.linux.dpkg.DpkgMd5sums;
import dev.ferret.collect.linux.dpkg.DpkgStatus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
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
        try {
            // a list that cannot be read protects nothing; the caller sees no owner for its files
            DpkgMd5sums.readAll(root, (pkg, path, md5) -> map.put(path, new Owner(pkg, md5)));
        } catch (IOException e) {
            // an unreadable database protects nothing; the caller sees no owner
        }
        readConffiles(root.resolve(Dpkg.STATUS.substring(1)), map);
        return map;
    }

    /** The {@code Conffiles:} of each status paragraph (" /etc/cron.d/php 5a1b..."). */
    static void readConffiles(Path status, Map<String, Owner> map) {
        try {
            DpkgStatus.read(status, p -> p.conffiles().forEach(c -> map.putIfAbsent(c.path(),
                    new Owner(p.pkg(), c.md5()))));
        } catch (IOException e) {
            // no conffile records
        }
    }
}

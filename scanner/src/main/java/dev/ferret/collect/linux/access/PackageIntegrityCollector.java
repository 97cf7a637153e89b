package dev.ferret.collect.linux.access;

import dev.ferret.model.access.AccessFacts;
import dev.ferret.model.access.PackageFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Files in package-managed binary directories ({@code verify} roles of access-paths.txt) that the package database
 * does not vouch for: content whose MD5 differs from dpkg's md5sums (a replaced {@code sshd}, {@code ps}, a PAM
 * module), and regular files no package installed. A file whose ctime is not later than its package's installation
 * (plus {@code access.package.ctime.slack.seconds}) has not been touched since and is not hashed — ctime cannot be
 * set back without changing the clock. Bounded by bytes hashed, file size and time. Hosts with an rpm database are
 * noted as not verified.
 */
public final class PackageIntegrityCollector extends AccessCollector {
    private final AccessPaths paths;

    public PackageIntegrityCollector(AccessLimits limits) {
        this(limits, AccessPaths.builtIn());
    }

    public PackageIntegrityCollector(AccessLimits limits, AccessPaths paths) {
        super(limits);
        this.paths = paths;
    }

    @Override
    void collect(AccessFiles files, AccessFacts facts) {
        Set<String> dirs = new LinkedHashSet<>();
        for (String d : paths.verify()) {
            files.resolve(d).filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .ifPresent(p -> dirs.add(files.hostPathOf(p)));
        }
        Optional<DpkgDatabase> db = DpkgDatabase.read(files, dirs);
        if (db.isEmpty()) {
            if (files.isDirectory("/var/lib/rpm") || files.isDirectory("/usr/lib/sysimage/rpm")) {
                files.snapshot().coverage().note("access: rpm database present: package checksums are not verified "
                        + "(run 'rpm -Va' on the host)");
            } else {
                files.snapshot().coverage().note("access: no package database (dpkg) found: binaries not verified");
            }
            return;
        }
        long budget = limits.packageMaxBytes();
        long deadline = System.nanoTime() + limits.timelineMaxTime().toNanos();
        long slack = limits.packageCtimeSlackSeconds();
        List<PackageFile> out = new ArrayList<>();
        long checked = 0;
        long skipped = 0;
        for (String dir : dirs) {
            for (String path : files.list(dir)) {
                Optional<Path> real = files.unresolved(path);
                if (real.isEmpty()) {
                    continue;
                }
                AccessFiles.Stat st = AccessFiles.stat(real.get()).orElse(null);
                if (st == null || !st.regular()) {
                    continue; // links (alternatives), directories, FIFOs
                }
                Optional<DpkgDatabase.Entry> entry = db.get().md5(path);
                if (entry.isEmpty()) {
                    if (!db.get().known(path)) {
                        out.add(new PackageFile(path, PackageFile.Status.UNKNOWN, null, null, null, st.size(),
                                st.mtime(), st.ctime(), elf(real.get())));
                    }
                    continue;
                }
                if (db.get().diverted(path)) {
                    continue;
                }
                Optional<Instant> installed = db.get().installed(entry.get().packageName());
                if (slack >= 0 && installed.isPresent() && st.ctime() != null
                        && !st.ctime().isAfter(installed.get().plusSeconds(slack))) {
                    skipped++;
                    continue;
                }
                if (st.size() > limits.packageMaxFileBytes()) {
                    files.gap("larger than access.package.max.file.bytes: not verified", path);
                    continue;
                }
                if (budget < st.size() || System.nanoTime() > deadline) {
                    files.gap("package verification budget exhausted: not verified", path);
                    continue;
                }
                budget -= st.size();
                Optional<String> md5 = md5(real.get());
                checked++;
                if (md5.isEmpty()) {
                    files.gap("unreadable: not verified", path);
                } else if (!md5.get().equals(entry.get().md5())) {
                    out.add(new PackageFile(path, PackageFile.Status.CHANGED, entry.get().packageName(), entry.get().md5(),
                            md5.get(), st.size(), st.mtime(), st.ctime(), elf(real.get())));
                }
            }
        }
        files.count("package files verified", checked);
        files.count("package files unchanged since install (ctime)", skipped);
        files.count("package files not vouched for", out.size());
        facts.addPackageFiles(out);
    }

    private static Optional<String> md5(Path real) {
        try (FileChannel ch = AccessFiles.open(real); InputStream in = AccessFiles.stream(ch)) {
            MessageDigest d = MessageDigest.getInstance("MD5");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
            return Optional.of(HexFormat.of().formatHex(d.digest()));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean elf(Path real) {
        try (FileChannel ch = AccessFiles.open(real); InputStream in = AccessFiles.stream(ch)) {
            byte[] b = in.readNBytes(4);
            return b.length == 4 && b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' && b[3] == 'F';
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}

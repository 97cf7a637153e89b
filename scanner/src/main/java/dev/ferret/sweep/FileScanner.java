package dev.ferret.sweep;

import dev.ferret.model.Coverage;
import dev.ferret.os.NativeBuffer;
import dev.ferret.os.linux.RegularFileReader;
import dev.ferret.model.ScannedFile;
import dev.ferret.model.SignatureMatch;
import dev.ferret.yara.PartitionedRules;
import dev.ferret.yara.YaraException;
import dev.ferret.yara.YaraMatch;
import dev.ferret.yara.YaraRules;
import dev.ferret.yara.YaraScanException;
import dev.ferret.yara.YaraScanner;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** One worker's scanner: reads a file once, hashes it, and runs every rule set over the same bytes. */
final class FileScanner implements AutoCloseable {
    private final List<YaraScanner> scanners = new ArrayList<>();
    /** Per set: its partition (or null), and this worker's scanners of the partition's parts, made when needed. */
    private final List<PartitionedRules> partitions = new ArrayList<>();
    private final List<YaraScanner[]> partScanners = new ArrayList<>();
    private final FileContent content;
    private final Digests digests;
    private final FileKinds kinds;
    private final PackageChecksums packages;
    private final long copyLimit;
    private final long maxFileBytes;
    private final int timeoutSeconds;
    private final Coverage coverage;
    private final ResultCache cache;
    private final SameContent same;

    FileScanner(ResultCache cache, List<YaraRules> sets, List<PartitionedRules> partitioned, FileKinds kinds,
                PackageChecksums packages, Digests digests, long copyLimit, long maxFileBytes, int timeoutSeconds,
                Coverage coverage) throws YaraException {
        this(cache, sets, partitioned, kinds, packages, digests, copyLimit, maxFileBytes, timeoutSeconds, coverage,
                new SameContent());
    }

    FileScanner(ResultCache cache, List<YaraRules> sets, List<PartitionedRules> partitioned, FileKinds kinds,
                PackageChecksums packages, Digests digests, long copyLimit, long maxFileBytes, int timeoutSeconds,
                Coverage coverage, SameContent same) throws YaraException {
        for (YaraRules rules : sets) {
            PartitionedRules part = partitioned.stream().filter(p -> p.whole() == rules).findFirst().orElse(null);
            // a partitioned set is scanned through its parts; its whole set never is
            scanners.add(part == null ? rules.newScanner().maxFileBytes(maxFileBytes) : null);
            partitions.add(part);
            // twice the parts: each part's rules that read a file's name follow them
            partScanners.add(part == null ? null : new YaraScanner[part.setCount() * 2]);
        }
        this.digests = digests;
        this.kinds = kinds;
        this.packages = packages;
        this.copyLimit = copyLimit;
        this.content = new FileContent(copyLimit);
        this.maxFileBytes = maxFileBytes;
        this.timeoutSeconds = timeoutSeconds;
        this.coverage = coverage;
        this.cache = cache;
        this.same = same;
    }

    ScannedFile scan(Path file, String hostPath, long size, Instant mtime, Supplier<String> owner) throws IOException {
        String key = cache == null ? null : ResultCache.key(file);
        ScannedFile cached = cache == null ? null : cache.lookup(key, hostPath);
        if (cached != null) {
            coverage.count("sweep", "files answered from the cache");
            return cached;
        }
        ScannedFile result = read(file, hostPath, size, mtime, owner);
        if (cache != null) {
            cache.store(key, result);
        }
        return result;
    }

    private ScannedFile read(Path file, String hostPath, long size, Instant mtime, Supplier<String> owner) throws IOException {
        if (!FileContent.safeOpen()) {
            return readWithJdk(file, hostPath, size, mtime, owner);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        try (RegularFileReader opened = FileContent.open(file)) {
            long length = Math.min(opened.size(), maxFileBytes);
            if (length <= copyLimit) {
                ByteBuffer bytes = content.load(opened, length, deadline);
                return inMemory(file, hostPath, mtime, owner, bytes, opened.sharedIdentity());
            }
            if (length <= Integer.MAX_VALUE - 8) {
                // bigger than the worker's buffer: read once into a block of its own, hashed and scanned there
                // like any file, and freed right after (the buffer itself stays at the copy limit)
                try (NativeBuffer big = new NativeBuffer(Math.max(1, length))) {
                    ByteBuffer bytes = content.load(opened, big.buffer(), length, deadline);
                    return inMemory(file, hostPath, mtime, owner, bytes, opened.sharedIdentity());
                }
            }
            // beyond what one buffer can hold: hashed in chunks, and libyara reads the same descriptor
            ByteBuffer head = null;
            long total = 0;
            for (ByteBuffer chunk; (chunk = content.next(opened, deadline)).hasRemaining(); ) {
                if (head == null) {
                    head = copyHead(chunk);
                }
                digests.update(chunk);
                total += chunk.remaining();
            }
            head = head == null ? ByteBuffer.allocate(0) : head;
            return result(file, hostPath, total, mtime, owner, digests.finish(), kinds.of(head), head, null,
                    opened.fd());
        }
    }

    private ScannedFile readWithJdk(Path file, String hostPath, long size, Instant mtime, Supplier<String> owner)
            throws IOException {
        if (size <= copyLimit) {
            ByteBuffer bytes = content.load(file, size);
            return result(file, hostPath, size, mtime, owner, digests.of(bytes), kinds.of(bytes), bytes, bytes, -1);
        }
        ByteBuffer head = head(file);
        return result(file, hostPath, size, mtime, owner, digests.of(file), kinds.of(head), head, null, -1);
    }

    /**
     * A file held whole in memory; when it has other names ({@code id}) and one of them was answered already in
     * this sweep, its hashes and the answers of the rules that cannot tell names apart are that one's.
     */
    private ScannedFile inMemory(Path file, String hostPath, Instant mtime, Supplier<String> owner, ByteBuffer bytes,
                                 RegularFileReader.Identity id) {
        SameContent.Answer earlier = same.get(id, bytes.limit());
        if (earlier != null) {
            coverage.count("sweep", "files answered by an earlier name of the same file");
            return result(file, hostPath, bytes.limit(), mtime, owner, earlier.hashes(), earlier.type(), bytes,
                    bytes, -1, id, earlier);
        }
        return result(file, hostPath, bytes.limit(), mtime, owner, digests.of(bytes), kinds.of(bytes), bytes, bytes,
                -1, id, null);
    }

    private ScannedFile result(Path file, String hostPath, long size, Instant mtime, Supplier<String> owner,
                               Digests.Result hashes, String type, ByteBuffer head, ByteBuffer bytes, int fd) {
        return result(file, hostPath, size, mtime, owner, hashes, type, head, bytes, fd, null, null);
    }

    private ScannedFile result(Path file, String hostPath, long size, Instant mtime, Supplier<String> owner,
                               Digests.Result hashes, String type, ByteBuffer head, ByteBuffer bytes, int fd,
                               RegularFileReader.Identity id, SameContent.Answer earlier) {
        String skipped = null;
        List<List<YaraMatch>> perSet = null;
        if (scanners.isEmpty()) {
            skipped = "YARA unavailable";
        } else if (packages.verified(hostPath, hashes.md5())) {
            skipped = "package-verified";
        } else {
            Map<String, Object> externals = externals(hostPath, type, owner.get());
            perSet = new ArrayList<>();
            for (int i = 0; i < scanners.size(); i++) {
                perSet.add(earlier == null || earlier.perSet() == null
                        ? scanSet(file, supplier(i, head, size), bytes, fd, externals)
                        : askAgain(i, earlier.perSet().get(i), file, head, size, bytes, fd, externals));
            }
        }
        if (id != null && earlier == null) {
            same.put(id, new SameContent.Answer(size, hashes, type, perSet));
        }
        List<SignatureMatch> matches = perSet == null ? List.of()
                : SignatureMatches.of(perSet.stream().flatMap(List::stream).toList());
        return new ScannedFile(hostPath, size, mtime, hashes.md5(), hashes.sha1(), hashes.sha256(), matches, skipped);
    }

    /**
     * Set {@code i}'s answer for another name of content it already answered: the first name's matches of the
     * rules that cannot tell names apart, and a fresh answer from the (small) set of those that can. A set
     * without a partition knows no such split and is asked whole.
     */
    private List<YaraMatch> askAgain(int i, List<YaraMatch> first, Path file, ByteBuffer head, long size,
                                     ByteBuffer bytes, int fd, Map<String, Object> externals) {
        PartitionedRules part = partitions.get(i);
        if (part == null) {
            return scanSet(file, scanners.get(i), bytes, fd, externals);
        }
        int set = part.setOf(head, size);
        YaraRules names = part.nameRules(set);
        if (names == null) {
            return first; // none of this part's rules can tell names apart
        }
        List<YaraMatch> fresh = scanSet(file, () -> partScanner(i, part.setCount() + set, () -> names), bytes, fd,
                externals);
        List<YaraMatch> out = new ArrayList<>();
        for (YaraMatch m : first) {
            if (!part.readsName(m.namespace(), m.rule())) {
                out.add(m);
            }
        }
        for (YaraMatch m : fresh) {
            if (part.readsName(m.namespace(), m.rule())) {
                out.add(m);
            }
        }
        return out;
    }

    private static ByteBuffer copyHead(ByteBuffer chunk) {
        ByteBuffer head = ByteBuffer.allocate(Math.min(64, chunk.remaining()));
        head.put(chunk.duplicate().limit(head.capacity())).flip();
        return head;
    }

    /** One rule set's matches over the file (its bytes, its descriptor or its path). */
    private List<YaraMatch> scanSet(Path file, YaraScannerSupplier scanner, ByteBuffer bytes, int fd,
                                    Map<String, Object> externals) {
        try {
            YaraScanner s = scanner.get();
            return bytes != null ? s.scanMemory(bytes, externals, timeoutSeconds)
                    : fd >= 0 ? s.scanFd(fd, externals, timeoutSeconds)
                    : s.scanFile(file, externals, timeoutSeconds);
        } catch (YaraScanException e) {
            coverage.gap("sweep", "YARA scan incomplete (" + e.errorName() + ")", externals.get("filepath")
                    .toString());
            return e.partialMatches();
        } catch (YaraException e) {
            coverage.gap("sweep", "YARA scanner unavailable (" + e.getMessage() + ")",
                    externals.get("filepath").toString());
            return List.of();
        }
    }

    private List<YaraMatch> scanSet(Path file, YaraScanner scanner, ByteBuffer bytes, int fd,
                                    Map<String, Object> externals) {
        return scanSet(file, () -> scanner, bytes, fd, externals);
    }

    /** A scanner that may fail to come (a part that does not load). */
    @FunctionalInterface
    private interface YaraScannerSupplier {
        YaraScanner get() throws YaraException;
    }

    private YaraScannerSupplier supplier(int i, ByteBuffer head, long size) {
        return () -> scanner(i, head, size);
    }

    /** The scanner of set {@code i} for this file: its part, when the set is partitioned. */
    private YaraScanner scanner(int i, ByteBuffer head, long size) throws YaraException {
        PartitionedRules part = partitions.get(i);
        if (part == null) {
            return scanners.get(i);
        }
        int set = part.setOf(head, size);
        return partScanner(i, set, () -> part.rules(set));
    }

    /** This worker's scanner in {@code slot} of set {@code i}'s parts, made from {@code rules} on first use. */
    private YaraScanner partScanner(int i, int slot, Supplier<YaraRules> rules) throws YaraException {
        YaraScanner[] own = partScanners.get(i);
        if (own[slot] == null) {
            own[slot] = rules.get().newScanner().maxFileBytes(maxFileBytes);
        }
        return own[slot];
    }

    /** The external variables community rule sets expect, for this file. */
    static Map<String, Object> externals(String hostPath, String type, String owner) {
        String name = hostPath.substring(hostPath.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        Map<String, Object> ext = new HashMap<>();
        ext.put("filename", name);
        ext.put("filepath", hostPath);
        ext.put("extension", dot > 0 ? name.substring(dot).toLowerCase(Locale.ROOT) : "");
        ext.put("filetype", type);
        ext.put("owner", owner == null ? "" : owner);
        return ext;
    }

    private static ByteBuffer head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return ByteBuffer.wrap(in.readNBytes(64));
        }
    }

    long maxFileBytes() {
        return maxFileBytes;
    }

    @Override
    public void close() {
        scanners.stream().filter(java.util.Objects::nonNull).forEach(YaraScanner::close);
        for (YaraScanner[] own : partScanners) {
            if (own != null) {
                Arrays.stream(own).filter(java.util.Objects::nonNull).forEach(YaraScanner::close);
            }
        }
        content.close();
    }
}

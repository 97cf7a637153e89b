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

    FileScanner(ResultCache cache, List<YaraRules> sets, List<PartitionedRules> partitioned, FileKinds kinds,
                PackageChecksums packages, Digests digests, long copyLimit, long maxFileBytes, int timeoutSeconds,
                Coverage coverage) throws YaraException {
        for (YaraRules rules : sets) {
            PartitionedRules part = partitioned.stream().filter(p -> p.whole() == rules).findFirst().orElse(null);
            // a partitioned set is scanned through its parts; its whole set never is
            scanners.add(part == null ? rules.newScanner().maxFileBytes(maxFileBytes) : null);
            partitions.add(part);
            partScanners.add(part == null ? null : new YaraScanner[part.setCount()]);
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
                Digests.Result hashes = digests.of(bytes);
                return result(file, hostPath, bytes.limit(), mtime, owner, hashes, kinds.of(bytes), bytes, bytes, -1);
            }
            if (length <= Integer.MAX_VALUE - 8) {
                // bigger than the worker's buffer: read once into a block of its own, hashed and scanned there
                // like any file, and freed right after (the buffer itself stays at the copy limit)
                try (NativeBuffer big = new NativeBuffer(Math.max(1, length))) {
                    ByteBuffer bytes = content.load(opened, big.buffer(), length, deadline);
                    Digests.Result hashes = digests.of(bytes);
                    return result(file, hostPath, bytes.limit(), mtime, owner, hashes, kinds.of(bytes), bytes, bytes,
                            -1);
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

    private ScannedFile result(Path file, String hostPath, long size, Instant mtime, Supplier<String> owner,
                               Digests.Result hashes, String type, ByteBuffer head, ByteBuffer bytes, int fd) {
        String skipped = null;
        List<SignatureMatch> matches = List.of();
        if (scanners.isEmpty()) {
            skipped = "YARA unavailable";
        } else if (packages.verified(hostPath, hashes.md5())) {
            skipped = "package-verified";
        } else {
            matches = yara(file, head, size, bytes, fd, externals(hostPath, type, owner.get()));
        }
        return new ScannedFile(hostPath, size, mtime, hashes.md5(), hashes.sha1(), hashes.sha256(), matches, skipped);
    }

    private static ByteBuffer copyHead(ByteBuffer chunk) {
        ByteBuffer head = ByteBuffer.allocate(Math.min(64, chunk.remaining()));
        head.put(chunk.duplicate().limit(head.capacity())).flip();
        return head;
    }

    private List<SignatureMatch> yara(Path file, ByteBuffer head, long size, ByteBuffer bytes, int fd,
                                      Map<String, Object> externals) {
        List<YaraMatch> all = new ArrayList<>();
        for (int i = 0; i < scanners.size(); i++) {
            try {
                YaraScanner scanner = scanner(i, head, size);
                all.addAll(bytes != null ? scanner.scanMemory(bytes, externals, timeoutSeconds)
                        : fd >= 0 ? scanner.scanFd(fd, externals, timeoutSeconds)
                        : scanner.scanFile(file, externals, timeoutSeconds));
            } catch (YaraScanException e) {
                all.addAll(e.partialMatches());
                coverage.gap("sweep", "YARA scan incomplete (" + e.errorName() + ")", externals.get("filepath")
                        .toString());
            } catch (YaraException e) {
                coverage.gap("sweep", "YARA scanner unavailable (" + e.getMessage() + ")",
                        externals.get("filepath").toString());
            }
        }
        return SignatureMatches.of(all);
    }

    /** The scanner of set {@code i} for this file: its part, when the set is partitioned. */
    private YaraScanner scanner(int i, ByteBuffer head, long size) throws YaraException {
        PartitionedRules part = partitions.get(i);
        if (part == null) {
            return scanners.get(i);
        }
        int set = part.setOf(head, size);
        YaraScanner[] own = partScanners.get(i);
        if (own[set] == null) {
            own[set] = part.rules(set).newScanner().maxFileBytes(maxFileBytes);
        }
        return own[set];
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
    }
}

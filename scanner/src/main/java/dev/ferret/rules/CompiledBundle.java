package dev.ferret.rules;

import dev.ferret.cli.BadInputException;
import dev.ferret.model.Coverage;
import dev.ferret.yara.PartitionedRules;
import dev.ferret.yara.Yara;
import dev.ferret.yara.YaraException;
import dev.ferret.yara.YaraRules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled rule bundle: the rules as libyara saves them ({@code rules.yarc}) and, beside them, their
 * SHA-256 in {@code sha256sum} format ({@code rules.yarc.sha256}: {@code <64 hex>  rules.yarc}), so
 * {@code sha256sum -c} checks it too.
 *
 * <p>The runtime image ships one at {@value #IMAGE_BUNDLE} under {@code ferret.home}, built at package time
 * by the image's own libyara (libyara loads only what the same version saved). A bundle whose checksum does
 * not match, or whose checksum file is missing or malformed, is refused: it was modified or damaged.
 *
 * <p>The checksum is an integrity check, not a signature: whoever can rewrite the bundle can rewrite the
 * checksum. The USB kit's manifest covers both, and its own hash is printed for comparison out of band.
 */
public final class CompiledBundle {
    /** Where the runtime image keeps its bundle, relative to {@code ferret.home}. */
    public static final String IMAGE_BUNDLE = "lib/ferret/rules.yarc";
    public static final String CHECKSUM_SUFFIX = ".sha256";
    public static final String PARTITION_SUFFIX = ".parts";

    private static final Pattern LINE = Pattern.compile("([0-9a-fA-F]{64}) [ *](.+)");

    private CompiledBundle() {
    }

    /** The checksum file that belongs to {@code bundle}. */
    public static Path checksumFile(Path bundle) {
        return bundle.resolveSibling(bundle.getFileName() + CHECKSUM_SUFFIX);
    }

    /** The image's bundle, when ferret runs from a runtime image that has one. */
    public static Optional<Path> imageBundle() {
        String home = System.getProperty("ferret.home");
        if (home == null || home.isBlank()) {
            return Optional.empty();
        }
        Path bundle = Path.of(home.trim()).resolve(IMAGE_BUNDLE);
        return Files.isRegularFile(bundle) ? Optional.of(bundle) : Optional.empty();
    }

    /**
     * Saves {@code rules} to {@code out} and writes the checksum file beside it. Both are written to temporary
     * names first and moved into place, the bundle last-but-one and the checksum last, so a reader never sees
     * a bundle with the previous bundle's checksum.
     *
     * @return the bundle's SHA-256, hex
     */
    public static String write(YaraRules rules, Path out) throws IOException, YaraException {
        Path target = out.toAbsolutePath().normalize();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        // not createTempFile: its 0600 would stick to a bundle meant to be shared (libyara writes with the umask)
        String unique = "." + target.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime();
        Path tmpBundle = dir.resolve(unique + ".tmp");
        Path tmpSum = dir.resolve(unique + ".sha256.tmp");
        try {
            rules.save(tmpBundle);
            String hex = sha256(tmpBundle);
            Files.writeString(tmpSum, hex + "  " + target.getFileName() + "\n", StandardCharsets.US_ASCII);
            move(tmpBundle, target);
            move(tmpSum, checksumFile(target));
            return hex;
        } finally {
            Files.deleteIfExists(tmpBundle);
            Files.deleteIfExists(tmpSum);
        }
    }

    /** Where a bundle's partition is kept: {@code rules.yarc.parts/} beside it. */
    public static Path partitionDir(Path bundle) {
        return bundle.resolveSibling(bundle.getFileName() + PARTITION_SUFFIX);
    }

    /**
     * Writes a compiled set with its partition: the bundle as {@link #write(YaraRules, Path)} does, then each
     * part into {@link #partitionDir(Path)} with a manifest that names the bundle's SHA-256 and has its own
     * checksum file (so a partition is never used with another bundle, nor when altered).
     *
     * @return the bundle's SHA-256, hex
     */
    public static String write(BundleCompiler.Result result, Path out) throws IOException, YaraException {
        String hex = write(result.rules(), out);
        Path dir = partitionDir(out.toAbsolutePath().normalize());
        String manifest = result.parts().save(dir);
        int eol = manifest.indexOf('\n') + 1;
        manifest = manifest.substring(0, eol) + "bundle " + hex + "\n" + manifest.substring(eol);
        Path file = dir.resolve(PartitionedRules.MANIFEST);
        Path tmp = dir.resolve("." + PartitionedRules.MANIFEST + ".tmp");
        Files.writeString(tmp, manifest, StandardCharsets.US_ASCII);
        move(tmp, file);
        Files.writeString(tmp, sha256(file) + "  " + PartitionedRules.MANIFEST + "\n", StandardCharsets.US_ASCII);
        move(tmp, checksumFile(file));
        return hex;
    }

    /**
     * The partition saved beside a bundle (whose verified SHA-256 is given), when there is one that belongs to
     * it; a partition that does not
     * verify is noted in coverage and not used (the bundle alone is still complete).
     */
    public static Optional<PartitionedRules> loadPartition(Yara yara, Path bundle, String bundleSha256,
                                                           YaraRules whole, Coverage coverage) {
        Path manifest = partitionDir(bundle).resolve(PartitionedRules.MANIFEST);
        if (!Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            verify(manifest);
            String text = Files.readString(manifest, StandardCharsets.US_ASCII);
            if (!text.contains("\nbundle " + bundleSha256 + "\n")) {
                coverage.note("rule partition " + manifest.getParent() + " belongs to another bundle: not used");
                return Optional.empty();
            }
            return Optional.of(PartitionedRules.load(yara, manifest.getParent(), text, whole));
        } catch (BadInputException | IOException e) {
            coverage.note("rule partition " + manifest.getParent() + " not used: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Checks {@code bundle} against its checksum file.
     *
     * @return the bundle's SHA-256, hex
     * @throws BadInputException (exit code 2) when the checksum file is missing or malformed, names another
     *                           file, or does not match: one line, naming the bundle
     */
    public static String verify(Path bundle) {
        Path sumFile = checksumFile(bundle);
        if (!Files.isRegularFile(sumFile)) {
            throw new BadInputException("compiled rules " + bundle + ": checksum file " + sumFile.getFileName()
                    + " is missing; refusing an unverifiable bundle (recreate it with 'ferret rules compile')");
        }
        String expected;
        try {
            String text = Files.readString(sumFile, StandardCharsets.US_ASCII).strip();
            Matcher m = LINE.matcher(text);
            if (!m.matches() || !m.group(2).equals(bundle.getFileName().toString())) {
                throw new BadInputException("compiled rules " + bundle + ": checksum file " + sumFile.getFileName()
                        + " is malformed or names another file; refusing the bundle");
            }
            expected = m.group(1).toLowerCase(java.util.Locale.ROOT);
        } catch (IOException e) {
            throw new BadInputException("compiled rules " + bundle + ": cannot read " + sumFile.getFileName()
                    + ": " + e.getMessage());
        }
        String actual;
        try {
            actual = sha256(bundle);
        } catch (IOException e) {
            throw new BadInputException("compiled rules " + bundle + ": cannot read: " + e.getMessage());
        }
        if (!actual.equals(expected)) {
            throw new BadInputException("compiled rules " + bundle + " do not match their checksum ("
                    + sumFile.getFileName() + "): the bundle was modified or damaged; refusing it");
        }
        return actual;
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

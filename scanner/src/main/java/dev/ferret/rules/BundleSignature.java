package dev.ferret.rules;

import dev.ferret.cli.BadInputException;
import dev.ferret.model.Coverage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ed25519 signatures of compiled rule bundles (and of the USB kit's manifest), through the JDK's own provider (no crypto library). Beside
 * {@code rules.yarc} sits {@code rules.yarc.sig}, one line: {@code ed25519 <key id> <base64 signature>}; what is
 * signed is {@code "ferret-bundle-v1 <sha256 of the bundle>"}. A key id is the first 16 hex digits of the SHA-256
 * of the public key's X.509 encoding. Keys are PEM files ({@code openssl pkey} reads them):
 * {@code ferret-<id>.key} (PKCS#8, mode 0600) and {@code ferret-<id>.pub}.
 *
 * <p>Trusted public keys: those shipped in the signatures module ({@value #SHIPPED_KEYS}index.txt), those beside
 * the runtime image's bundle ({@value #IMAGE_KEYS} under {@code ferret.home}: the build's key) and any given with
 * {@code --trust-key}. Every refusal is a {@link BadInputException}: one line, exit 2.
 */
public final class BundleSignature {
    public static final String SUFFIX = ".sig";
    /** Where the runtime image keeps the public keys it trusts, relative to {@code ferret.home}. */
    public static final String IMAGE_KEYS = "lib/ferret/keys";
    static final String SHIPPED_KEYS = "ferret/signatures/keys/";
    /** Provenance keys of the state record ({@code ferret.rules.key_id}, {@code ferret.rules.bundle_sha256}). */
    public static final String KEY_ID = "rules.key_id";
    public static final String BUNDLE_SHA256 = "rules.bundle_sha256";
    private static final String ALGORITHM = "Ed25519";
    private static final String CONTEXT = "ferret-bundle-v1 ";
    private static final Pattern LINE = Pattern.compile("ed25519 ([0-9a-f]{16}) ([A-Za-z0-9+/=]{40,200})");

    /** A bundle whose signature checked out. */
    public record Verified(String keyId, String sha256) {
    }

    private BundleSignature() {
    }

    public static Path signatureFile(Path bundle) {
        return bundle.resolveSibling(bundle.getFileName() + SUFFIX);
    }

    /** Writes a new key pair into {@code dir} (the private key created 0600, never overwritten); returns its id. */
    public static String keygen(Path dir) throws IOException {
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + ALGORITHM, e);
        }
        String id = keyId(pair.getPublic());
        Files.createDirectories(dir);
        Path key = dir.resolve("ferret-" + id + ".key");
        try {
            Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new BadInputException("keygen: " + key + " already exists; not overwriting a key");
        }
        Files.writeString(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("ferret-" + id + ".pub"), pem("PUBLIC KEY", pair.getPublic().getEncoded()),
                StandardCharsets.US_ASCII);
        return id;
    }

    /** Signs {@code bundle} with the private key in {@code keyFile}, writing the signature file; returns the key id. */
    public static String sign(Path bundle, Path keyFile) throws IOException {
        try {
            PrivateKey key = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(
                    unpem(keyFile, "PRIVATE KEY")));
            // the public key is not stored in PKCS#8 v1: it comes from the .pub file beside the key
            Path pub = keyFile.resolveSibling(keyFile.getFileName().toString().replaceFirst("\\.key$", "") + ".pub");
            if (!Files.isRegularFile(pub)) {
                throw new BadInputException("--sign: " + pub + " (the public half of " + keyFile + ") is missing");
            }
            String id = keyId(publicKey(pub));
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(message(CompiledBundle.sha256(bundle)));
            String line = "ed25519 " + id + " " + Base64.getEncoder().encodeToString(s.sign()) + "\n";
            Files.writeString(signatureFile(bundle), line, StandardCharsets.US_ASCII);
            return id;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new BadInputException("--sign: " + keyFile + " is not an Ed25519 private key (" + e.getMessage() + ")");
        }
    }

    /**
     * Checks {@code bundle} against its signature file and the trusted keys.
     *
     * @throws BadInputException when the signature is missing, malformed, made by a key not trusted here, or does
     *                           not match the bundle: one line naming the bundle
     */
    public static Verified verify(Path bundle, List<Path> extraTrustedKeys) {
        Path sigFile = signatureFile(bundle);
        if (!Files.isRegularFile(sigFile)) {
            throw new BadInputException(bundle + ": signature " + sigFile.getFileName() + " is missing; refusing "
                    + "it unsigned");
        }
        Matcher m;
        String sha;
        try {
            m = LINE.matcher(Files.readString(sigFile, StandardCharsets.US_ASCII).strip());
            sha = CompiledBundle.sha256(bundle);
        } catch (IOException e) {
            throw new BadInputException(bundle + ": cannot read it or its signature: " + e.getMessage());
        }
        if (!m.matches()) {
            throw new BadInputException(bundle + ": signature " + sigFile.getFileName() + " is malformed; refusing it");
        }
        PublicKey key = trustedKeys(extraTrustedKeys).get(m.group(1));
        if (key == null) {
            throw new BadInputException(bundle + " is signed by key " + m.group(1)
                    + ", which is not trusted here (add it with --trust-key); refusing it");
        }
        boolean ok;
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(message(sha));
            ok = s.verify(Base64.getDecoder().decode(m.group(2)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            ok = false;
        }
        if (!ok) {
            throw new BadInputException(bundle + " does not match its signature by key " + m.group(1)
                    + ": it or its signature was modified; refusing it");
        }
        return new Verified(m.group(1), sha);
    }

    /**
     * The check before a bundle is used: its checksum, then its signature, which {@code required} demands (the
     * runtime image's own bundle) and a user's bundle needs only when it has one. Records key id and hash.
     *
     * @return the bundle's SHA-256, hex
     */
    public static String check(Path bundle, boolean required, List<Path> trustKeys, Coverage coverage) {
        String sha = CompiledBundle.verify(bundle);
        String keyId = "unsigned";
        if (required || Files.exists(signatureFile(bundle))) {
            keyId = verify(bundle, trustKeys).keyId();
        } else {
            coverage.note("compiled rules " + bundle + " carry no signature: only their checksum was verified");
        }
        coverage.provenance(KEY_ID, keyId);
        coverage.provenance(BUNDLE_SHA256, sha);
        return sha;
    }

    /** Key id to key: shipped keys, the image's keys, then {@code extra} (a bad --trust-key file is bad input). */
    static Map<String, PublicKey> trustedKeys(List<Path> extra) {
        List<Path> files = new ArrayList<>();
        String home = System.getProperty("ferret.home");
        if (home != null && !home.isBlank()) {
            Path dir = Path.of(home.trim()).resolve(IMAGE_KEYS);
            if (Files.isDirectory(dir)) {
                try (var list = Files.list(dir)) {
                    list.filter(p -> p.getFileName().toString().endsWith(".pub")).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new BadInputException("cannot list the trusted keys in " + dir + ": " + e.getMessage());
                }
            }
        }
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (String name : shippedKeyNames()) {
            PublicKey k = publicKey(RuleLoader.resource(SHIPPED_KEYS + name), SHIPPED_KEYS + name);
            keys.put(keyId(k), k);
        }
        files.addAll(extra);
        for (Path f : files) {
            PublicKey k = publicKey(f);
            keys.put(keyId(k), k);
        }
        return keys;
    }

    private static List<String> shippedKeyNames() {
        try (InputStream in = BundleSignature.class.getClassLoader().getResourceAsStream(SHIPPED_KEYS + "index.txt")) {
            if (in == null) {
                return List.of();
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String keyId(PublicKey key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PublicKey publicKey(Path file) {
        try {
            return publicKey(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new BadInputException("--trust-key: cannot read " + file + ": " + e.getMessage());
        }
    }

    private static PublicKey publicKey(byte[] pemText, String name) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(
                    unpem(new String(pemText, StandardCharsets.US_ASCII), "PUBLIC KEY")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new BadInputException("--trust-key: " + name + " is not an Ed25519 public key (PEM)");
        }
    }

    private static byte[] message(String sha256) {
        return (CONTEXT + sha256).getBytes(StandardCharsets.US_ASCII);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] unpem(Path file, String type) throws IOException {
        return unpem(Files.readString(file, StandardCharsets.US_ASCII), type);
    }

    private static byte[] unpem(String text, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            throw new IllegalArgumentException("no " + type + " block");
        }
        return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
    }
}

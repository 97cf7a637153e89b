package dev.ferret.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferret.rules.BundleSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signed rule bundles end to end, in process, with real libyara and the JDK's Ed25519: keygen, compile --sign, a
 * scan that loads the bundle and names its key in the state record, and one-line refusals (exit 2) for a flipped
 * byte in the bundle or the signature and for a key the scan does not trust.
 */
class SignedBundleTest {
    private static final String RULE = "rule Signed_Marker { strings: $a = \"SIGNED-BUNDLE-MARKER\" condition: $a }\n";
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int ferret(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    private String keygen(Path dir) throws Exception {
        assertEquals(ExitCodes.CLEAN, ferret("rules", "keygen", "--out", dir.toString()), err.toString());
        try (Stream<Path> files = Files.list(dir)) {
            Path key = files.filter(p -> p.toString().endsWith(".key")).findFirst().orElseThrow();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
            String name = key.getFileName().toString();
            return name.substring("ferret-".length(), name.length() - ".key".length());
        }
    }

    private Path signedBundle(Path dir, Path keys, String id) throws Exception {
        Path rule = dir.resolve("marker.yar");
        Files.writeString(rule, RULE);
        Path bundle = dir.resolve("marker.yarc");
        assertEquals(ExitCodes.CLEAN, ferret("rules", "compile", "--no-builtin-rules", "--rules", rule.toString(),
                "-o", bundle.toString(), "--sign", keys.resolve("ferret-" + id + ".key").toString()), err.toString());
        assertTrue(out.toString().contains("signed with key " + id), out.toString());
        return bundle;
    }

    private int scan(Path tree, Path bundle, Path trustKey, Path report) {
        return ferret("files", tree.toString(), "--rules", bundle.toString(), "--no-builtin-rules", "--trust-key",
                trustKey.toString(), "--format", "jsonl", "--no-facts", "--quiet", "-o", report.toString());
    }

    private String oneLineRefusal() {
        String e = err.toString().strip();
        assertEquals(1, e.lines().count(), e);
        return e;
    }

    @Test
    void signedBundleLoadsAndItsKeyIsInTheStateRecord(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys");
        String id = keygen(keys);
        Path bundle = signedBundle(dir, keys, id);
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.writeString(tree.resolve("dropper"), "xx SIGNED-BUNDLE-MARKER xx");
        Path report = dir.resolve("report.jsonl");
        assertEquals(ExitCodes.FINDINGS, scan(tree, bundle, keys.resolve("ferret-" + id + ".pub"), report),
                err.toString());
        List<String> lines = Files.readAllLines(report);
        JsonNode state = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertEquals("state", state.at("/event/kind").asText());
        assertEquals(id, state.at("/ferret/rules/key_id").asText(), state.toString());
        assertEquals(64, state.at("/ferret/rules/bundle_sha256").asText().length(), state.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("Signed_Marker")), "the signed rule ran");
    }

    @Test
    void aFlippedByteInBundleOrSignatureIsRefusedWithOneLine(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys");
        String id = keygen(keys);
        Path pub = keys.resolve("ferret-" + id + ".pub");
        Path bundle = signedBundle(dir, keys, id);
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Path sig = BundleSignature.signatureFile(bundle);
        byte[] good = Files.readAllBytes(sig);

        // a byte of the signature itself (inside the base64 part)
        byte[] bad = good.clone();
        int at = bad.length - 10;
        bad[at] = (byte) (bad[at] == 'A' ? 'B' : 'A');
        Files.write(sig, bad);
        assertEquals(ExitCodes.BAD_INPUT, scan(tree, bundle, pub, dir.resolve("r1.jsonl")));
        assertTrue(oneLineRefusal().contains("does not match its signature"), err.toString());
        assertEquals(ExitCodes.BAD_INPUT, ferret("rules", "check", bundle.toString(), "--trust-key", pub.toString()));
        oneLineRefusal();
        Files.write(sig, good);

        // a byte of the bundle, its checksum rewritten to match (whoever can do one can do the other)
        byte[] bytes = Files.readAllBytes(bundle);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(bundle, bytes);
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(bytes));
        Files.writeString(bundle.resolveSibling("marker.yarc.sha256"), sha + "  marker.yarc\n");
        assertEquals(ExitCodes.BAD_INPUT, scan(tree, bundle, pub, dir.resolve("r2.jsonl")));
        assertTrue(oneLineRefusal().contains("does not match its signature by key " + id), err.toString());
    }

    @Test
    void aBundleSignedByAnUnknownKeyIsRefused(@TempDir Path dir) throws Exception {
        Path ours = dir.resolve("ours");
        Path theirs = dir.resolve("theirs");
        String ourId = keygen(ours);
        String theirId = keygen(theirs);
        Path bundle = signedBundle(dir, theirs, theirId);
        Path tree = Files.createDirectories(dir.resolve("tree"));
        assertEquals(ExitCodes.BAD_INPUT, scan(tree, bundle, ours.resolve("ferret-" + ourId + ".pub"),
                dir.resolve("r.jsonl")));
        assertTrue(oneLineRefusal().contains("signed by key " + theirId + ", which is not trusted"), err.toString());
        assertEquals(ExitCodes.BAD_INPUT, ferret("rules", "check", bundle.toString()));
        oneLineRefusal();
    }
}

package dev.ferret.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Paths carried as exact bytes: random byte strings round-trip, and a listed file is found again by its text. */
class PathBytesTest {
    @TempDir
    Path dir;

    @Test
    void randomBytesRoundTripAndDifferentBytesGiveDifferentStrings() {
        Random random = new Random(13);
        for (int i = 0; i < 20_000; i++) {
            byte[] raw = new byte[1 + random.nextInt(12)];
            random.nextBytes(raw);
            String text = PathBytes.decode(raw);
            assertArrayEquals(raw, PathBytes.bytes(text), () -> Base64.getEncoder().encodeToString(raw));
            byte[] other = raw.clone();
            other[random.nextInt(other.length)] ^= (byte) (1 + random.nextInt(255));
            assertNotEquals(text, PathBytes.decode(other));
        }
    }

    @Test
    void validUtf8StaysPlainTextAndOnlyBadBytesAreEscaped() {
        assertEquals("/tmp/caf\u00e9 [x]*", PathBytes.decode("/tmp/caf\u00e9 [x]*".getBytes(StandardCharsets.UTF_8)));
        String bad = PathBytes.decode(new byte[] {'b', 'a', 'd', (byte) 0xff});
        assertTrue(PathBytes.escaped(bad));
        assertEquals("bad\uFFFD", PathBytes.readable(bad));
        assertEquals(Base64.getEncoder().encodeToString(new byte[] {'b', 'a', 'd', (byte) 0xff}),
                PathBytes.rawBase64(bad));
        assertEquals(bad, PathBytes.fromBase64(PathBytes.rawBase64(bad)));
        // a name that really contains the escape block's characters is escaped too, so it cannot pose as raw bytes
        String pua = PathBytes.decode("x\uF7FF".getBytes(StandardCharsets.UTF_8));
        assertTrue(PathBytes.escaped(pua));
        assertArrayEquals("x\uF7FF".getBytes(StandardCharsets.UTF_8), PathBytes.bytes(pua));
        assertFalse(PathBytes.escaped("/tmp/plain"));
    }

    @Test
    void aListedFileWhoseNameIsNotUtf8IsNamedExactlyAgain() throws Exception {
        byte[][] names = {{'b', 'a', 'd', (byte) 0xff}, {'b', 'a', 'd', (byte) 0xfe}, {(byte) 0xc3, '(', 'x'},
                "new\nline".getBytes(StandardCharsets.UTF_8), "x\uF7FF".getBytes(StandardCharsets.UTF_8)};
        String base = PathBytes.text(dir.toAbsolutePath());
        for (byte[] name : names) {
            Files.writeString(PathBytes.path(base + "/" + PathBytes.decode(name)), Base64.getEncoder()
                    .encodeToString(name));
        }
        List<String> listed = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String text = PathBytes.text(p);
                listed.add(text);
                String name = text.substring(text.lastIndexOf('/') + 1);
                // the content says which bytes the file was created with: the text names that file, no other
                assertEquals(Base64.getEncoder().encodeToString(PathBytes.bytes(name)),
                        Files.readString(PathBytes.path(text)));
                assertEquals(Files.readString(p), Files.readString(PathBytes.resolve(dir, name)));
            }
        }
        assertEquals(names.length, listed.size());
        assertEquals(names.length, listed.stream().distinct().count());
    }
}

package dev.ferret.yara;

import com.sun.jna.Memory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.ferret.yara.TestYara.ascii;
import static dev.ferret.yara.TestYara.names;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class YaraScanTest {

    private static final String RULES = """
            rule marker {
                strings:
                    $text = "FERRET_TEST_MARKER"
                    $hex = { DE AD BE EF }
                condition:
                    any of them
            }
            rule long_match {
                strings: $long = /L{100}/
                condition: $long
            }
            rule many { strings: $m = "many!" condition: #m > 20 }
            rule named_file { condition: filename == "evil.bin" }
            """;

    private static YaraRules rules;

    @BeforeAll
    static void compile() throws Exception {
        rules = TestYara.compile(RULES);
    }

    @AfterAll
    static void free() {
        rules.close();
    }

    @Test
    void memoryMatchHasOffsetLengthAndExcerpt() throws Exception {
        byte[] data = ascii("0123456789FERRET_TEST_MARKER.....");
        List<YaraMatch> matches = rules.scanMemory(data, Map.of(), 0);
        assertEquals(List.of("marker"), names(matches));
        StringMatch hit = matches.get(0).strings().get(0);
        assertEquals("$text", hit.identifier());
        assertEquals(10, hit.offset());
        assertEquals(18, hit.length());
        assertArrayEquals(ascii("FERRET_TEST_MARKER"), hit.excerpt());
    }

    @Test
    void excerptIsBoundedAndStringMatchesAreCapped() throws Exception {
        byte[] data = ascii("x".repeat(7) + "L".repeat(100) + "many!".repeat(40));
        List<YaraMatch> matches = rules.scanMemory(data, Map.of(), 0);
        StringMatch longest = TestYara.find(matches, "long_match").orElseThrow().strings().get(0);
        assertEquals(7, longest.offset());
        assertEquals(100, longest.length());
        assertEquals(YaraScanner.EXCERPT_BYTES, longest.excerpt().length);
        List<StringMatch> many = TestYara.find(matches, "many").orElseThrow().strings();
        assertEquals(YaraScanner.MAX_STRING_MATCHES_PER_RULE, many.size());
        assertEquals(107, many.get(0).offset());
        assertEquals(112, many.get(1).offset());
    }

    @Test
    void byteBuffersAndPointersAreScannedFromTheirPosition() throws Exception {
        byte[] payload = new byte[]{0, 0, (byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF};
        ByteBuffer direct = ByteBuffer.allocateDirect(32).put(new byte[8]).put(payload).flip().position(8);
        StringMatch fromDirect = rules.scanMemory(direct, Map.of(), 0).get(0).strings().get(0);
        assertEquals("$hex", fromDirect.identifier());
        assertEquals(2, fromDirect.offset());
        assertEquals(8, direct.position(), "the caller's buffer position is untouched");

        ByteBuffer heap = ByteBuffer.wrap(payload).position(1);
        assertEquals(1, rules.scanMemory(heap, Map.of(), 0).get(0).strings().get(0).offset());

        try (Memory memory = new Memory(payload.length)) {
            memory.write(0, payload, 0, payload.length);
            assertEquals(2, rules.scanMemory(memory, payload.length, Map.of(), 0).get(0).strings().get(0).offset());
        }
    }

    @Test
    void fileOnDiskAndOpenDescriptor(@TempDir Path dir) throws Exception {
        byte[] content = new byte[100_000];
        Arrays.fill(content, (byte) 'z');
        System.arraycopy(ascii("FERRET_TEST_MARKER"), 0, content, 77_777, 18);
        Path file = Files.write(dir.resolve("evil.bin"), content);

        List<YaraMatch> viaPath = rules.scanFile(file, Map.of("filename", "evil.bin"), 10);
        assertEquals(List.of("marker", "named_file"), names(viaPath));
        assertEquals(77_777, TestYara.find(viaPath, "marker").orElseThrow().strings().get(0).offset());

        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.position(50_000); // scanning by descriptor reads from offset 0 regardless
            int fd = descriptorOf(file);
            List<YaraMatch> viaFd = rules.scanFd(fd, Map.of(), 10);
            assertEquals(List.of("marker"), names(viaFd));
            assertEquals(77_777, viaFd.get(0).strings().get(0).offset());
            assertEquals(50_000, channel.position());
        }
    }

    @Test
    void scanErrorsCarryTheLibyaraCodeAndName(@TempDir Path dir) throws Exception {
        YaraScanException missing = assertThrows(YaraScanException.class,
                () -> rules.scanFile(dir.resolve("absent"), Map.of(), 0));
        assertEquals(YaraErrors.COULD_NOT_OPEN_FILE, missing.code());
        assertEquals("ERROR_COULD_NOT_OPEN_FILE", missing.errorName());

        YaraScanException directory = assertThrows(YaraScanException.class, () -> rules.scanFile(dir, Map.of(), 0));
        assertTrue(directory.getMessage().contains("not a regular file"), directory.getMessage());

        Path big = Files.write(dir.resolve("big"), new byte[4096]);
        try (YaraScanner scanner = rules.newScanner().maxFileBytes(1024)) {
            YaraScanException tooLarge = assertThrows(YaraScanException.class,
                    () -> scanner.scanFile(big, Map.of(), 0));
            assertEquals("FILE_TOO_LARGE", tooLarge.errorName());
        }
    }

    @Test
    void timeoutIsReportedAsScanTimeout() throws Exception {
        try (YaraRules slow = TestYara.compile("""
                rule slow {
                    condition:
                        for all i in (0..filesize - 1) : (
                            for all j in (0..100000) : ( uint8(i) != 0xFF or j < 0 )
                        )
                }
                """)) {
            long start = System.nanoTime();
            YaraScanException e = assertThrows(YaraScanException.class,
                    () -> slow.scanMemory(new byte[1 << 20], Map.of(), 1));
            assertEquals(YaraErrors.SCAN_TIMEOUT, e.code());
            assertEquals("ERROR_SCAN_TIMEOUT", e.errorName());
            assertTrue(System.nanoTime() - start < 10_000_000_000L, "stopped by the timeout");
        }
    }

    @Test
    void savedRulesLoadAndStillMatch(@TempDir Path dir) throws Exception {
        Path compiled = dir.resolve("rules.yarc");
        rules.save(compiled);
        try (YaraRules loaded = TestYara.get().loadRules(compiled)) {
            assertEquals(rules.ruleCount(), loaded.ruleCount());
            assertEquals(rules.externals(), loaded.externals());
            List<YaraMatch> m = loaded.scanMemory(ascii("..FERRET_TEST_MARKER.."), Map.of("filename", "evil.bin"), 0);
            assertEquals(List.of("marker", "named_file"), names(m));
            assertEquals(2, m.get(0).strings().get(0).offset());
        }
        Path garbage = Files.writeString(dir.resolve("garbage.yarc"), "not compiled rules");
        YaraException e = assertThrows(YaraException.class, () -> TestYara.get().loadRules(garbage));
        assertTrue(e.getMessage().startsWith("cannot load compiled rules"), e.getMessage());
    }

    @Test
    void savedRulesKeepTheirExternalDefaults(@TempDir Path dir) throws Exception {
        Path compiled = dir.resolve("site.yarc");
        try (YaraCompiler compiler = TestYara.get().newCompiler()) {
            compiler.defineExternal("site", "lab").defineExternal("level", 7);
            compiler.addString("rule at_lab { condition: site == \"lab\" and level == 7 }");
            try (YaraRules built = compiler.build()) {
                built.save(compiled);
            }
        }
        try (YaraRules loaded = TestYara.get().loadRules(compiled)) {
            assertEquals("lab", loaded.externals().get("site"));
            assertEquals(7L, loaded.externals().get("level"));
            assertEquals(List.of("at_lab"), names(loaded.scanMemory(new byte[0], Map.of(), 0)));
            assertEquals(List.of(), loaded.scanMemory(new byte[0], Map.of("site", "prod"), 0));
        }
    }

    @Test
    void oneRuleSetScansInParallelWithPerThreadExternals() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                boolean evenThread = t % 2 == 0;
                results.add(pool.submit(() -> {
                    int ok = 0;
                    try (YaraScanner scanner = rules.newScanner()) {
                        for (int i = 0; i < 200; i++) {
                            String name = evenThread ? "evil.bin" : "benign-" + i;
                            List<YaraMatch> m = scanner.scanMemory(ascii("xxFERRET_TEST_MARKER" + i),
                                    Map.of("filename", name), 0);
                            List<String> expected = evenThread ? List.of("marker", "named_file") : List.of("marker");
                            if (names(m).equals(expected) && m.get(0).strings().get(0).offset() == 2) {
                                ok++;
                            }
                        }
                    }
                    return ok;
                }));
            }
            for (Future<Integer> f : results) {
                assertEquals(200, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closedScannerRefusesToScan() throws Exception {
        YaraScanner scanner = rules.newScanner();
        scanner.close();
        assertThrows(IllegalStateException.class, () -> scanner.scanMemory(new byte[1], Map.of(), 0));
    }

    /** The descriptor number /proc/self/fd shows for {@code file} (the JDK hides it). */
    private static int descriptorOf(Path file) throws Exception {
        Path target = file.toRealPath();
        try (var entries = Files.list(Path.of("/proc/self/fd"))) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                try {
                    if (Files.readSymbolicLink(entry).equals(target)) {
                        return Integer.parseInt(entry.getFileName().toString());
                    }
                } catch (java.io.IOException ignored) {
                    // the listing's own descriptor is gone by now
                }
            }
        }
        throw new AssertionError("no descriptor for " + file);
    }
}

package dev.ferret.collect.linux;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ferret.fuzz.Bounded;
import dev.ferret.model.MemoryMapping;
import dev.ferret.model.SocketInfo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of the /proc parsers: stat (its documented bad input is {@link IllegalArgumentException}),
 * status (the pid lookups answer -1 for anything odd), maps and net/tcp (malformed lines skipped, never a throw).
 * A process may name itself anything, so comm and mapped paths are the attacker's bytes.
 */
class ProcParsersFuzzTest {
    private static String decode(byte[] input) {
        return new String(input, StandardCharsets.UTF_8);
    }

    @FuzzTest(maxDuration = "20s")
    void stat(byte[] input) throws Exception {
        String text = decode(input);
        Bounded.run("stat", () -> {
            try {
                ProcStat s = ProcStat.parse(text);
                assertTrue(text.contains("(" + s.comm() + ")"), "comm is what sits between the parentheses");
            } catch (IllegalArgumentException expected) {
                // the documented answer to a malformed stat line (NumberFormatException included)
            }
        });
        // whatever a process calls itself, the fields after its name still parse
        String line = "4242 (" + text + ") S 1 4242 4242 0 -1 4194560 1 0 0 0 7 3 0 0 20 0 1 0 12345 1000 250";
        ProcStat s = ProcStat.parse(line);
        assertEquals(4242, s.pid());
        assertEquals(1, s.ppid());
        assertEquals(250, s.rssPages());
    }

    @FuzzTest(maxDuration = "20s")
    void status(byte[] input) throws Exception {
        Path proc = Files.createTempDirectory("ferret-fuzz-proc");
        try {
            Files.createDirectory(proc.resolve("7"));
            Files.write(proc.resolve("7/status"), input);
            ProcessReader reader = new ProcessReader(proc, null, Instant.EPOCH, 100, null);
            Bounded.run("status", () -> {
                int tgid = reader.tgid(7);
                assertTrue(tgid >= -1, "tgid " + tgid);
            });
        } finally {
            Files.deleteIfExists(proc.resolve("7/status"));
            Files.deleteIfExists(proc.resolve("7"));
            Files.deleteIfExists(proc);
        }
    }

    @FuzzTest(maxDuration = "20s")
    void maps(byte[] input) throws Exception {
        String text = decode(input);
        Bounded.run("maps", () -> {
            List<MemoryMapping> maps = MapsParser.parse(text);
            assertTrue(maps.size() <= text.split("\n").length);
        });
    }

    @FuzzTest(maxDuration = "20s")
    void netTcp(byte[] input) throws Exception {
        String text = decode(input);
        Bounded.run("net/tcp", () -> {
            for (int family : new int[] {4, 6}) {
                for (String protocol : new String[] {"tcp", "udp"}) {
                    List<SocketInfo> sockets = ProcNetParser.parse(text, protocol, family);
                    for (SocketInfo s : sockets) {
                        assertTrue(s.local().port() >= 0 && s.local().port() <= 0xFFFF, "port " + s.local().port());
                    }
                }
            }
        });
    }
}

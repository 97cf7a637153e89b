package dev.ferret.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Issue 13: user-given rule and IOC files that are FIFOs, and a million-line hash list with the "wrong" name. */
class HostileInputTest {
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int ferret(String... args) {
        return Main.run(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
    }

    private Path fifo(String name) throws Exception {
        Path p = dir.resolve(name);
        assumeTrue(new ProcessBuilder("mkfifo", p.toString()).start().waitFor() == 0, "mkfifo unavailable");
        return p;
    }

    @Test
    void aFifoGivenAsRulesOrIocsIsRefusedWithOneLineAndExitTwo() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Path pipe = fifo("rules.yar");
        int code = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> ferret("files", tree.toString(), "--rules", pipe.toString(), "--quiet", "--format", "jsonl",
                        "-o", dir.resolve("r1.jsonl").toString()));
        assertEquals(ExitCodes.BAD_INPUT, code, err.toString());
        assertTrue(err.toString().contains("--rules") && err.toString().contains("not a regular file"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());

        err.getBuffer().setLength(0);
        Path iocPipe = fifo("c2-iocs.txt");
        code = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> ferret("files", tree.toString(), "--iocs", iocPipe.toString(), "--quiet", "--format", "jsonl",
                        "-o", dir.resolve("r2.jsonl").toString()));
        assertEquals(ExitCodes.BAD_INPUT, code, err.toString());
        assertTrue(err.toString().contains("--iocs") && err.toString().contains("not a regular file"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    @Test
    void aLongHashListNamedWithoutHashIsOneWarningAndItsHashesCount() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.writeString(tree.resolve("dropper"), "pretend dropper");
        String md5 = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                .digest("pretend dropper".getBytes()));
        Path list = dir.resolve("vendor-feed.txt");
        Random random = new Random(13);
        byte[] h = new byte[16];
        try (BufferedWriter w = Files.newBufferedWriter(list)) {
            for (int i = 0; i < 200_000; i++) {
                random.nextBytes(h);
                w.write(HexFormat.of().formatHex(h));
                w.write(";feed\n");
            }
            w.write(md5 + ";the dropper\n");
            w.write("not an indicator at all\n");
        }
        Path out = dir.resolve("report.jsonl");
        int code = ferret("files", tree.toString(), "--iocs", list.toString(), "--format", "jsonl", "--no-facts",
                "-o", out.toString());
        assertEquals(ExitCodes.FINDINGS, code, err.toString());
        long warnings = err.toString().lines().filter(l -> l.startsWith("ferret: warning")).count();
        assertTrue(warnings <= 3, warnings + " warnings:\n" + err.toString().lines().limit(20).toList());
        assertTrue(err.toString().contains("200001 hashes"), err.toString());
        assertTrue(Files.readString(out).contains(md5), "the hash of the list matched");
    }
}

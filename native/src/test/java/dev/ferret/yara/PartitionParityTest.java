package dev.ferret.yara;

import dev.ferret.yara.SourceOutline.RuleSpan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The proof that partitioning rules loses nothing: the community rule set's own strings are planted into PE,
 * ELF, script and other files of sizes on both sides of every size edge; ferret scans each file with the
 * one part its header and size select, the {@code yara} command line scans the corpus with the whole set
 * (the very same compiled rules, saved), and the (file, rule) matches must be identical.
 *
 * <p>The default build runs it on every 10th rule file and files up to a few MiB; {@code -Dferret.parity=full}
 * (suite {@code .ci/suites/70-parity.sh}) takes the whole rule set and files past the largest size edge.
 */
class PartitionParityTest {
    private static final Pattern TEXT_STRING =
            Pattern.compile("\\$\\w*\\s*=\\s*\"((?:[^\"\\\\\\n]|\\\\.)*)\"([ \\t]*(?:ascii|wide|nocase|fullword|private)\\b)*");
    private static final boolean FULL = "full".equals(System.getProperty("ferret.parity"));

    @Test
    void partitionedScanFindsExactlyWhatYaraFindsWithTheWholeSet(@TempDir Path tmp) throws Exception {
        Path rulesDir = rulesDir();
        List<Path> files;
        try (Stream<Path> list = Files.list(rulesDir)) {
            files = list.filter(p -> p.toString().matches(".*\\.yara?$")).sorted().toList();
        }
        List<Path> chosen = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            if (FULL || i % 10 == 0) {
                chosen.add(files.get(i));
            }
        }
        Yara yara = TestYara.get();
        PartitionedRules parts;
        try (YaraCompiler compiler = yara.newCompiler()) {
            for (Path f : chosen) {
                String name = f.getFileName().toString();
                compiler.addBytes(Files.readAllBytes(f), name.substring(0, name.lastIndexOf('.')), f.toString());
            }
            parts = compiler.buildPartitioned();
        }
        try (YaraRules whole = parts.whole(); PartitionedRules p = parts) {
            Path compiled = tmp.resolve("whole.yarc");
            whole.save(compiled);
            Path corpus = Files.createDirectories(tmp.resolve("corpus"));
            int planted = plant(chosen, p.partition(), corpus);

            Set<String> ferret = new TreeSet<>();
            Set<Integer> setsUsed = new HashSet<>();
            Map<Integer, YaraScanner> scanners = new HashMap<>();
            try (Stream<Path> list = Files.list(corpus)) {
                for (Path f : list.sorted().toList()) {
                    byte[] bytes = Files.readAllBytes(f);
                    int set = p.setOf(ByteBuffer.wrap(bytes), bytes.length);
                    setsUsed.add(set);
                    YaraScanner scanner = scanners.computeIfAbsent(set, s -> {
                        try {
                            return p.rules(s).newScanner();
                        } catch (YaraException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    for (YaraMatch m : scanner.scanMemory(bytes, Map.of(), 60)) {
                        ferret.add(f + " " + m.namespace() + ":" + m.rule());
                    }
                }
            } finally {
                scanners.values().forEach(YaraScanner::close);
            }
            Set<String> cli = yaraCli(compiled, corpus);

            System.out.printf("parity: %d rule files, %d rules, %d files planted, %d sets used of %d, %d matches"
                    + " (yara %d), %d fallbacks%n%s", chosen.size(), whole.ruleCount(), planted, setsUsed.size(),
                    p.setCount(), ferret.size(), cli.size(), p.fallbacks(), p.partition().describe());
            assertTrue(cli.size() >= (FULL ? 500 : 50), "the corpus must have matches to prove anything: " + cli.size());
            assertTrue(setsUsed.size() >= Math.min(3, p.setCount()) && setsUsed.size() > 1,
                    "files spread over the parts (classes, both sides of the size edge): " + setsUsed);
            assertEquals(0, p.fallbacks(), "every part compiled on its own");
            Set<String> missed = new TreeSet<>(cli);
            missed.removeAll(ferret);
            Set<String> extra = new TreeSet<>(ferret);
            extra.removeAll(cli);
            assertEquals(Set.of(), missed, "matches yara found that the partitioned scan did not");
            assertEquals(Set.of(), extra, "matches the partitioned scan found that yara did not");
        }
    }

    /** Writes files that carry the strings of groups of rules, under the header each group's first rule wants. */
    private static int plant(List<Path> sources, RulePartition partition, Path corpus) throws IOException {
        List<Integer> sizes = new ArrayList<>(List.of(200, 3000, 70_000));
        for (long edge : partition.edges()) {
            if (edge <= (FULL ? 256L << 20 : 8L << 20)) {
                sizes.add((int) edge - 1);
                sizes.add((int) edge);
            }
        }
        Random random = new Random(17);
        int written = 0;
        int big = 0;
        List<byte[]> group = new ArrayList<>();
        byte[] header = null;
        int template = 0;
        for (Path source : sources) {
            byte[] text = Files.readAllBytes(source);
            SourceOutline outline = SourceOutline.of(text);
            for (RuleSpan span : outline.rules()) {
                RuleFacts facts = RuleFacts.of(text, span.start(), span.end(), span.name());
                List<byte[]> strings = strings(new String(text, span.start(), span.end() - span.start(),
                        StandardCharsets.ISO_8859_1));
                if (strings.isEmpty()) {
                    continue;
                }
                if (group.isEmpty()) {
                    header = facts.header() != null ? header(facts.header().get(0)) : template(template++);
                }
                group.addAll(strings);
                if (group.size() >= 24) {
                    int size = sizes.get(written % sizes.size());
                    if (size > (1 << 20) && big++ >= (FULL ? 12 : 3)) {
                        size = sizes.get(written % 3); // a few big files are enough
                    }
                    Files.write(corpus.resolve(String.format("f%05d", written++)), file(header, group, size, random));
                    if (header[0] == 'M' && header[1] == 'Z') {
                        // the same strings where the pe module parses nothing: the sets that rewrote its questions
                        Files.write(corpus.resolve(String.format("f%05d", written)),
                                file(template(1 + written % 3), group, size, random));
                        written++;
                    }
                    group.clear();
                }
            }
        }
        return written;
    }

    private static byte[] file(byte[] header, List<byte[]> strings, int size, Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        for (byte[] s : strings) {
            out.write('\n');
            out.writeBytes(s);
            out.write(' ');
        }
        byte[] body = out.toByteArray();
        if (body.length >= size) {
            return body;
        }
        byte[] all = new byte[size];
        for (int i = body.length; i < size; i++) {
            all[i] = (byte) (' ' + random.nextInt(90));
        }
        // strings at the start (where 'at'/'in' conditions look) and the header first
        System.arraycopy(body, 0, all, 0, body.length);
        return all;
    }

    /** Bytes that satisfy a header pattern, the rest of the first 0x80 bytes a plausible PE stub. */
    private static byte[] header(HeaderPattern p) {
        byte[] h = template(0);
        for (int i = 0; i < HeaderPattern.WIDTH; i++) {
            if (((p.mask() >>> (8 * i)) & 0xff) != 0) {
                h[i] = (byte) (p.value() >>> (8 * i));
            }
        }
        return h;
    }

    /** PE (MZ, e_lfanew, PE signature), ELF, a shell script, plain text. */
    private static byte[] template(int n) {
        byte[] h = new byte[0x100];
        switch (n % 4) {
            case 0 -> {
                h[0] = 'M';
                h[1] = 'Z';
                h[0x3c] = (byte) 0x80;
                h[0x80] = 'P';
                h[0x81] = 'E';
                h[0x84] = 0x4c;
                h[0x85] = 0x01;
            }
            case 1 -> {
                h[0] = 0x7f;
                h[1] = 'E';
                h[2] = 'L';
                h[3] = 'F';
                h[4] = 2;
                h[5] = 1;
                h[6] = 1;
            }
            case 2 -> System.arraycopy("#!/bin/sh\n".getBytes(StandardCharsets.US_ASCII), 0, h, 0, 10);
            default -> System.arraycopy("<html><body>\n".getBytes(StandardCharsets.US_ASCII), 0, h, 0, 13);
        }
        return h;
    }

    /** The rule's text strings as they would appear in a file (UTF-16LE too when 'wide'). */
    private static List<byte[]> strings(String rule) {
        List<byte[]> out = new ArrayList<>();
        Matcher m = TEXT_STRING.matcher(rule);
        while (m.find()) {
            byte[] s = unescape(m.group(1));
            if (s.length < 3) {
                continue;
            }
            out.add(s);
            if (m.group(0).contains("wide")) {
                byte[] w = new byte[s.length * 2];
                for (int i = 0; i < s.length; i++) {
                    w[2 * i] = s[i];
                }
                out.add(w);
            }
        }
        return out;
    }

    private static byte[] unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                out.write(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case 'r' -> out.write('\r');
                case 'x' -> {
                    String hex = i + 2 < s.length() ? s.substring(i + 1, i + 3) : "";
                    if (hex.matches("[0-9a-fA-F]{2}")) {
                        out.write(Integer.parseInt(hex, 16));
                        i += 2;
                    } else {
                        out.write('x');
                    }
                }
                default -> out.write(e);
            }
        }
        return out.toByteArray();
    }

    private static Set<String> yaraCli(Path compiled, Path corpus) throws Exception {
        Path outFile = corpus.resolveSibling("yara.out");
        Process p;
        try {
            p = new ProcessBuilder("yara", "-w", "-r", "-e", "-p", "2", "-C", compiled.toString(), corpus.toString())
                    .redirectOutput(outFile.toFile()).redirectErrorStream(false)
                    .redirectError(corpus.resolveSibling("yara.err").toFile()).start();
        } catch (IOException e) {
            fail("the yara command line is needed for the parity test (apt-get install yara): " + e.getMessage());
            return Set.of();
        }
        assertTrue(p.waitFor(FULL ? 1800 : 300, TimeUnit.SECONDS), "yara finished");
        assertEquals(0, p.exitValue(), "yara: " + Files.readString(corpus.resolveSibling("yara.err")));
        Set<String> out = new TreeSet<>();
        for (String line : Files.readAllLines(outFile, StandardCharsets.ISO_8859_1)) {
            int space = line.indexOf(' ');
            out.add(line.substring(space + 1) + " " + line.substring(0, space));
        }
        return out;
    }

    private static Path rulesDir() {
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/rules/signature-base/yara");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        Path fixed = Path.of("/work/shared/rules/signature-base/yara");
        if (Files.isDirectory(fixed)) {
            return fixed;
        }
        fail("the community rule set (shared/rules/signature-base) is needed for the parity test");
        return null;
    }
}

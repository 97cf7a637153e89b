package dev.ferret.respond;

import dev.ferret.model.PathBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The words a plan prints name exactly the file they were made for: random byte names (controls, quotes, $, globs,
 * bytes that are not UTF-8) are created in a temp dir, the printed {@code mv} is run by bash there, and exactly
 * that file must have moved, with nothing else created or removed.
 */
class ShellQuoteTest {
    private static final byte[] NASTY = "'\"$`\\!*?[]{}()<>|&;~# \t\n\r\u001b%".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void randomByteNamesSurviveTheShell() throws Exception {
        Random random = new Random(42);
        String base = PathBytes.text(dir.toAbsolutePath());
        for (int i = 0; i < 120; i++) {
            byte[] name = randomName(random);
            String text = PathBytes.decode(name);
            Path file = PathBytes.path(base + "/" + text);
            Files.writeString(file, "payload " + i);
            String command = "mv -- " + Shell.quote(text) + " moved";
            assertFalse(command.contains("\n") || command.contains("\r"), command);
            bash(command);
            List<String> left = list();
            assertEquals(List.of("moved"), left, () -> "name " + Base64.getEncoder().encodeToString(name)
                    + " quoted as " + command);
            assertEquals("payload " + i, Files.readString(dir.resolve("moved")));
            Files.delete(dir.resolve("moved"));
        }
    }

    @Test
    void aNewlineOrACommandSubstitutionInANameStaysInsideTheWord() throws Exception {
        Files.writeString(dir.resolve("a b$(touch x)"), "1");
        Files.writeString(dir.resolve("evil\nother file"), "2");
        assertEquals("'a b$(touch x)'", Shell.quote("a b$(touch x)"));
        assertEquals("$'evil\\x0aother file'", Shell.quote("evil\nother file"));
        bash("rm -- " + Shell.quote("a b$(touch x)") + " " + Shell.quote("evil\nother file"));
        assertEquals(List.of(), list());
    }

    @Test
    void powerShellLiteralsCloseOnlyWhereTheyShould() {
        assertEquals("'it''s'", Shell.ps("it's"));
        assertEquals("'a\u2019\u2019b'", Shell.ps("a\u2019b"));
        assertEquals("('a' + [char]10 + 'b')", Shell.ps("a\nb"));
        assertTrue(Shell.ps("C:\\Users\\$env:x").startsWith("'C:\\Users\\$env:x'"));
    }

    private static byte[] randomName(Random random) {
        byte[] name;
        do {
            name = new byte[1 + random.nextInt(10)];
            for (int k = 0; k < name.length; k++) {
                int pick = random.nextInt(3);
                name[k] = pick == 0 ? NASTY[random.nextInt(NASTY.length)]
                        : pick == 1 ? (byte) (0x80 + random.nextInt(128)) : (byte) (1 + random.nextInt(126));
                if (name[k] == '/' || name[k] == 0) {
                    name[k] = '_';
                }
            }
        } while (isDotName(name) || new String(name, StandardCharsets.ISO_8859_1).equals("moved"));
        return name;
    }

    private static boolean isDotName(byte[] name) {
        return name.length <= 2 && new String(name, StandardCharsets.ISO_8859_1).matches("\\.{1,2}");
    }

    private void bash(String command) throws Exception {
        Process p = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", command).directory(dir.toFile())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), command + ": " + out);
    }

    private List<String> list() throws Exception {
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> names.add(PathBytes.text(p.getFileName())));
        }
        names.sort(null);
        return names;
    }
}

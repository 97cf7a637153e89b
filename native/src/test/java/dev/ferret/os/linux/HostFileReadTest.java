package dev.ferret.os.linux;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Real FIFOs, links and devices: nothing blocks, nothing is followed, only regular files are read. */
class HostFileReadTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void linux() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"));
    }

    private Path fifo(String name) throws Exception {
        Path p = dir.resolve(name);
        assumeTrue(new ProcessBuilder("mkfifo", p.toString()).start().waitFor() == 0, "mkfifo unavailable");
        return p;
    }

    @Test
    void aNameThatIsNotUtf8OpensTheFileItNamesAndNoOther() throws Exception {
        // bad\xff and its look-alike bad\ufffd (the text Path.toString() gives for the first): each read by its bytes
        assumeTrue(new ProcessBuilder("bash", "-c", "printf raw > \"$0\"/$'bad\\xff'; printf lookalike > \"$0\"/bad\ufffd",
                dir.toString()).start().waitFor() == 0, "bash unavailable");
        Path raw;
        try (var names = Files.list(dir)) {
            raw = names.filter(p -> p.toUri().getRawPath().endsWith("bad%FF")).findFirst().orElseThrow();
        }
        assertEquals("raw", new String(HostFileRead.read(raw, 1 << 20, 5_000).bytes()));
        try (RegularFileReader reader = RegularFileReader.open(raw)) {
            assertEquals(3, reader.size());
        }
    }

    @Test
    void aFifoWithNoWriterIsRefusedAtOnceInsteadOfBlocking() throws Exception {
        Path pipe = fifo("cron");
        HostFileRead.NotRegularFileException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(HostFileRead.NotRegularFileException.class,
                        () -> HostFileRead.read(pipe, 1 << 20, 5_000)));
        assertTrue(e.getMessage().contains("FIFO"), e.getMessage());
    }

    @Test
    void aSymlinkIsNotFollowedAndADeviceIsNotRead() throws Exception {
        Path target = Files.writeString(dir.resolve("secret"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        FileSystemException e = assertThrows(FileSystemException.class, () -> HostFileRead.read(link, 100, 1000));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertThrows(HostFileRead.NotRegularFileException.class, () -> HostFileRead.read(Path.of("/dev/zero"), 100, 1000));
    }

    @Test
    void regularFilesAndProcfsAreReadWholeOrCutAtTheCap() throws Exception {
        byte[] data = new byte[200_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        Path f = Files.write(dir.resolve("f"), data);
        HostFileRead.Content whole = HostFileRead.read(f, 1 << 20, 5000);
        assertArrayEquals(data, whole.bytes());
        assertFalse(whole.cut());
        assertEquals(data.length, whole.attributes().size());
        HostFileRead.Content cut = HostFileRead.read(f, 1000, 5000);
        assertEquals(1000, cut.bytes().length);
        assertTrue(cut.cutAtCap());
        // procfs reports size 0: read on to the end all the same
        HostFileRead.Content status = HostFileRead.read(Path.of("/proc/self/status"), 1 << 20, 5000);
        assertTrue(new String(status.bytes()).contains("VmRSS"), "the whole of /proc/self/status");
    }

    @Test
    void aFileSwappedForAFifoBetweenLookAndOpenNeverBlocks() throws Exception {
        Path path = dir.resolve("crontab");
        Path regular = Files.writeString(dir.resolve("regular"), "* * * * * root /bin/true\n");
        Path pipe = fifo("pipe");
        Thread swapper = new Thread(() -> {
            try {
                for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                    Files.deleteIfExists(path);
                    Files.createLink(path, i % 2 == 0 ? regular : pipe);
                }
            } catch (Exception ignored) {
                // the test ends by interrupting
            }
        });
        swapper.start();
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                for (int i = 0; i < 3000; i++) {
                    if (Files.isRegularFile(path)) {
                        try {
                            HostFileRead.read(path, 4096, 1000);
                        } catch (java.io.IOException expected) {
                            // vanished or swapped: refused, never waited on
                        }
                    }
                }
            });
        } finally {
            swapper.interrupt();
            swapper.join();
        }
    }
}

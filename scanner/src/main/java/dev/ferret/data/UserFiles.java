package dev.ferret.data;

import dev.ferret.os.linux.HostFileRead;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files the user named (--rules, --iocs): links are followed (that is the user's intent), but what is finally
 * opened must be a regular file. A FIFO, socket or device is refused on the opened descriptor, never waited on.
 */
public final class UserFiles {
    /** Largest rule or IOC file read. */
    public static final long MAX_BYTES = 512L << 20;
    private static final long BUDGET_MILLIS = 120_000;

    private UserFiles() {
    }

    /** True when the path (links followed) is a directory or a regular file. */
    public static boolean directoryOrRegular(Path path) {
        return Files.isDirectory(path) || Files.isRegularFile(path);
    }

    /** The whole file; refused when it is not a regular file, larger than {@link #MAX_BYTES} or too slow to read. */
    public static byte[] read(Path file) throws IOException {
        Path real = file.toRealPath();
        HostFileRead.Content content = HostFileRead.read(real, MAX_BYTES, BUDGET_MILLIS);
        if (content.cut()) {
            throw new IOException(file + ": larger than " + (MAX_BYTES >> 20) + " MiB or too slow to read");
        }
        return content.bytes();
    }
}

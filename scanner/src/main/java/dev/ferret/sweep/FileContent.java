package dev.ferret.sweep;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file's bytes in a reused direct buffer, read once: the same buffer is hashed and handed to libyara.
 * Files are copied rather than mapped on purpose: a mapped file truncated during the scan (a rotated log)
 * raises SIGBUS inside libyara, which would take the whole JVM down.
 */
final class FileContent {
    private ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);

    /** Reads up to {@code size} bytes; the buffer is valid until the next call. */
    ByteBuffer load(Path file, long size) throws IOException {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException("too large to load: " + size);
        }
        if (buffer.capacity() < size) {
            buffer = ByteBuffer.allocateDirect((int) Math.min(Integer.MAX_VALUE - 8,
                    Math.max(size, buffer.capacity() * 2L)));
        }
        buffer.clear().limit((int) size);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            while (buffer.hasRemaining() && ch.read(buffer) > 0) {
                // a file that shrank meanwhile simply ends early
            }
        }
        buffer.flip();
        return buffer;
    }
}

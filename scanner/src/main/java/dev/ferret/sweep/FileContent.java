package dev.ferret.sweep;

import dev.ferret.os.NativeBuffer;
import dev.ferret.os.linux.LinuxException;
import dev.ferret.os.linux.RegularFileReader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file's bytes in a reused direct buffer, read once: the same buffer is hashed and handed to libyara.
 * Files are copied rather than mapped on purpose: a mapped file truncated during the scan (a rotated log)
 * raises SIGBUS inside libyara, which would take the whole JVM down.
 *
 * <p>On Linux every file is opened through {@link RegularFileReader}: a FIFO, device or link swapped in for
 * the file between the walk and the open is refused instead of blocking the sweep, and the read stops at
 * its deadline.
 */
final class FileContent implements AutoCloseable {
    /** What was opened is no longer a regular file. */
    static final class NotRegularFile extends IOException {
        private static final long serialVersionUID = 1L;

        NotRegularFile(String what) {
            super(what);
        }
    }

    /** The watchdog stopped the read. */
    static final class ReadCutOff extends IOException {
        private static final long serialVersionUID = 1L;

        ReadCutOff(long read) {
            super("read cut off after " + read + " bytes");
        }
    }

    private static final boolean SAFE_OPEN = RegularFileReader.available();
    private final long capacityLimit;
    // freed when it grows or the worker ends, not when the garbage collector gets to it: a sweep makes little
    // garbage, and a direct ByteBuffer's outgrown 1+2+4+8 MiB stayed resident per worker until the next GC
    private NativeBuffer block = new NativeBuffer(1 << 20);
    private ByteBuffer buffer = block.buffer();

    /** @param capacityLimit the largest file this worker copies: the buffer grows up to it, never past it */
    FileContent(long capacityLimit) {
        this.capacityLimit = Math.max(1 << 20, capacityLimit);
    }

    /** Opens a file for reading (the safe way on Linux), mapping failures to the JDK's exception types. */
    static RegularFileReader open(Path file) throws IOException {
        try {
            return RegularFileReader.open(file);
        } catch (RegularFileReader.NotRegularException e) {
            throw new NotRegularFile(e.what());
        } catch (LinuxException e) {
            throw translate(file, e);
        }
    }

    static boolean safeOpen() {
        return SAFE_OPEN;
    }

    /** Reads up to {@code size} bytes of an opened file; the buffer is valid until the next call. */
    ByteBuffer load(RegularFileReader file, long size, long deadlineNanos) throws IOException {
        prepare(size);
        return fill(file, buffer, deadlineNanos);
    }

    /** Reads up to {@code size} bytes of an opened file into a caller's buffer (a big file's own block). */
    ByteBuffer load(RegularFileReader file, ByteBuffer into, long size, long deadlineNanos) throws IOException {
        into.clear().limit((int) size);
        return fill(file, into, deadlineNanos);
    }

    /** The next chunk (up to the buffer's capacity) of an opened file, for streaming; empty at its end. */
    ByteBuffer next(RegularFileReader file, long deadlineNanos) throws IOException {
        buffer.clear();
        return fill(file, buffer, deadlineNanos);
    }

    /** Reads into {@code into} up to its limit (the reader leaves it flipped); a read past the deadline is cut off. */
    private static ByteBuffer fill(RegularFileReader file, ByteBuffer into, long deadlineNanos) throws IOException {
        try {
            if (file.read(into, deadlineNanos) == RegularFileReader.Outcome.CUT_OFF) {
                throw new ReadCutOff(into.limit());
            }
        } catch (LinuxException e) {
            throw new IOException(e.getMessage(), e);
        }
        return into;
    }

    /** Reads up to {@code size} bytes with the JDK (where the Linux reader is not available). */
    ByteBuffer load(Path file, long size) throws IOException {
        prepare(size);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            while (buffer.hasRemaining() && ch.read(buffer) > 0) {
                // a file that shrank meanwhile simply ends early
            }
        }
        buffer.flip();
        return buffer;
    }

    private void prepare(long size) throws IOException {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException("too large to load: " + size);
        }
        if (buffer.capacity() < size) {
            // doubling keeps regrowth rare; the copy limit caps it (doubling past it cost up to 2x per worker in RSS)
            long grown = Math.max(size, Math.min(buffer.capacity() * 2L, capacityLimit));
            block.close(); // the old block is freed before the new one is allocated
            block = new NativeBuffer(Math.min(Integer.MAX_VALUE - 8, grown));
            buffer = block.buffer();
        }
        buffer.clear().limit((int) size);
    }

    private static IOException translate(Path file, LinuxException e) {
        return switch (e.errno()) {
            case 2 -> new NoSuchFileException(file.toString());
            case 1, 13 -> new AccessDeniedException(file.toString());
            default -> new IOException(e.getMessage(), e);
        };
    }

    /** Frees the buffer; nothing read through it may be used after. */
    @Override
    public void close() {
        block.close();
    }
}

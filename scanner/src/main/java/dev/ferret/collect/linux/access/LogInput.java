package dev.ferret.collect.linux.access;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Opens a log file for bounded reading: a plain file from its newest end (at most {@code maxBytes}, starting at a
 * line boundary), a gzip-compressed rotation streamed through java.util.zip up to {@code maxBytes} of decompressed
 * text (a gzip bomb stops there). {@link #partial()} says when part of the file was left out.
 */
final class LogInput implements AutoCloseable {
    private final FileChannel channel;
    private final BoundedLines lines;
    private final Limited limited;
    private final boolean tail;
    private final boolean leadingJunk;

    private LogInput(FileChannel channel, BoundedLines lines, Limited limited, boolean tail, boolean leadingJunk) {
        this.channel = channel;
        this.lines = lines;
        this.limited = limited;
        this.tail = tail;
        this.leadingJunk = leadingJunk;
    }

    static boolean gzip(String name) {
        return name.endsWith(".gz");
    }

    static LogInput open(Path real, boolean gz, long maxBytes, int maxLine) throws IOException {
        FileChannel channel = AccessFiles.open(real);
        try {
            if (gz) {
                Limited limited = new Limited(new GZIPInputStream(new BufferedInputStream(AccessFiles.stream(channel),
                        1 << 16), 1 << 16), maxBytes);
                return new LogInput(channel, new BoundedLines(limited, maxLine), limited, false, false);
            }
            long size = channel.size();
            boolean tail = size > maxBytes;
            if (tail) {
                channel.position(size - maxBytes);
            }
            Limited limited = new Limited(AccessFiles.stream(channel), maxBytes);
            BoundedLines lines = new BoundedLines(limited, maxLine);
            long skipped = tail ? lines.skipPartial() : 0;
            return new LogInput(channel, lines, limited, tail, skipped > maxLine);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    BoundedLines lines() {
        return lines;
    }

    /** True when only part of the file was (or will be) read: the newest part of a large file, or a capped gzip. */
    boolean partial() {
        return tail || limited.hit;
    }

    /** True when a tail read began inside a line longer than the line cap (a file of junk or zeros). */
    boolean leadingJunk() {
        return leadingJunk;
    }

    /** Bytes of (decompressed) text read. */
    long bytes() {
        return limited.count;
    }

    @Override
    public void close() throws IOException {
        try {
            lines.close();
        } finally {
            channel.close();
        }
    }

    /** Stops after {@code max} bytes and remembers that it did. */
    private static final class Limited extends FilterInputStream {
        private final long max;
        private long count;
        private boolean hit;

        Limited(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (count >= max) {
                if (len > 0 && super.read() >= 0) {
                    hit = true;
                }
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, max - count));
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}

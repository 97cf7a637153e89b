package dev.ferret.collect.linux.access;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without ever holding more than {@code maxLine} bytes of one line: a longer line is
 * cut (flagged overlong) and the rest of it skipped, so a file of zeros or a log without newlines costs a buffer, not
 * the heap. Lines with control bytes (NUL, escape codes...) are flagged binary.
 */
final class BoundedLines implements Closeable {
    /** One line: its text (cut to the cap), and whether it was cut or held binary bytes. */
    record Line(String text, boolean overlong, boolean binary) {
    }

    private final InputStream in;
    private final int maxLine;
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int end;
    private boolean eof;
    private long bytes;
    private byte[] line = new byte[256];

    BoundedLines(InputStream in, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
    }

    /** Bytes consumed so far. */
    long bytes() {
        return bytes;
    }

    /**
     * Skips up to and including the next newline (for a read that starts in the middle of a file); returns the bytes
     * skipped.
     */
    long skipPartial() throws IOException {
        long skipped = 0;
        while (true) {
            if (pos == end && !fill()) {
                return skipped;
            }
            while (pos < end) {
                skipped++;
                if (buffer[pos++] == '\n') {
                    return skipped;
                }
            }
        }
    }

    /** The next line, or null at the end of the stream. */
    Line next() throws IOException {
        int length = 0;
        boolean overlong = false;
        boolean binary = false;
        boolean any = false;
        while (true) {
            if (pos == end && !fill()) {
                if (!any) {
                    return null;
                }
                break;
            }
            any = true;
            int start = pos;
            int nl = -1;
            for (int i = pos; i < end; i++) {
                if (buffer[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            int stop = nl < 0 ? end : nl;
            for (int i = start; i < stop; i++) {
                byte b = buffer[i];
                if ((b >= 0 && b < 0x20 && b != '\t' && b != '\r') || b == 0x7f) {
                    binary = true;
                    break;
                }
            }
            int take = Math.min(stop - start, maxLine - length);
            if (take > 0) {
                if (length + take > line.length) {
                    line = Arrays.copyOf(line, Math.min(maxLine, Math.max(line.length * 2, length + take)));
                }
                System.arraycopy(buffer, start, line, length, take);
                length += take;
            }
            if (stop - start > take) {
                overlong = true;
            }
            pos = nl < 0 ? end : nl + 1;
            if (nl >= 0) {
                break;
            }
        }
        int len = length;
        if (len > 0 && line[len - 1] == '\r') {
            len--;
        }
        return new Line(new String(line, 0, len, StandardCharsets.UTF_8), overlong, binary);
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            eof = true;
            return false;
        }
        pos = 0;
        end = n;
        bytes += n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

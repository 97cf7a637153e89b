package dev.ferret.respond.quarantine;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * How quarantined content is stored so that it cannot run or be picked up by accident: an 8-byte header
 * {@code FERRETQ1}, then the content XOR-ed with the repeating key {@code ferret-quarantine}. An ELF or script
 * header no longer starts the file, so the kernel will not execute it, and antivirus engines on the responder's
 * kit do not delete the evidence on sight. It is not secrecy: anyone can decode it (see the store's README).
 */
public final class Codec {
    static final byte[] MAGIC = "FERRETQ1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] KEY = "ferret-quarantine".getBytes(StandardCharsets.US_ASCII);

    private Codec() {
    }

    /** Wraps a store file for writing: writes the header, then encodes. */
    public static OutputStream encoder(OutputStream out) throws IOException {
        out.write(MAGIC);
        return new FilterOutputStream(out) {
            private long position;

            @Override
            public void write(int b) throws IOException {
                out.write(b ^ KEY[(int) (position++ % KEY.length)]);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                byte[] copy = new byte[len];
                for (int i = 0; i < len; i++) {
                    copy[i] = (byte) (b[off + i] ^ KEY[(int) ((position + i) % KEY.length)]);
                }
                position += len;
                out.write(copy, 0, len);
            }
        };
    }

    /** Wraps a store file for reading: checks the header, then decodes. */
    public static InputStream decoder(InputStream in) throws IOException {
        byte[] header = in.readNBytes(MAGIC.length);
        if (!java.util.Arrays.equals(header, MAGIC)) {
            throw new IOException("not a ferret quarantine object (bad header)");
        }
        return new FilterInputStream(in) {
            private long position;

            @Override
            public int read() throws IOException {
                int b = in.read();
                return b < 0 ? b : (b ^ KEY[(int) (position++ % KEY.length)]) & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) (b[off + i] ^ KEY[(int) ((position + i) % KEY.length)]);
                }
                if (n > 0) {
                    position += n;
                }
                return n;
            }
        };
    }

    /** The one-line decoder the store's README shows (python3, no ferret needed). */
    static String pythonDecoder() {
        return "python3 -c \"import sys;d=open(sys.argv[1],'rb').read();assert d[:8]==b'FERRETQ1';k=b'"
                + new String(KEY, StandardCharsets.US_ASCII) + "';sys.stdout.buffer.write(bytes(b^k[i%len(k)] for i,b in "
                + "enumerate(d[8:])))\" OBJECT > sample";
    }
}

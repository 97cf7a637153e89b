package dev.ferret.exposure;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The one SMB framer: the requests of the exposure check and of the Windows collector's
 * {@code DoublePulsarProbe}, built from [MS-CIFS], [MS-SMB] and [MS-SMB2], and the NetBIOS session framing
 * ([RFC 1002] 4.3). Nothing here
 * changes a server: negotiate, anonymous session, IPC$ tree connect, a PeekNamedPipe on FID 0 (the MS17-010 check
 * used by the common vulnerability scanners) and the Trans2 SESSION_SETUP "ping" of the DoublePulsar detectors.
 */
public final class SmbWire {
    public static final byte SMB_COM_NEGOTIATE = 0x72;
    static final byte SMB_COM_SESSION_SETUP_ANDX = 0x73;
    static final byte SMB_COM_TREE_CONNECT_ANDX = 0x75;
    static final byte SMB_COM_TRANSACTION = 0x25;
    public static final byte SMB_COM_TRANSACTION2 = 0x32;
    static final int TRANS_PEEK_NMPIPE = 0x0023;
    static final int TRANS2_SESSION_SETUP = 0x000E;
    /** Multiplex id of every request; the DoublePulsar implant answers the ping with MID + 0x10 (0x51). */
    public static final int MID = 0x41;
    public static final int IMPLANT_MID = MID + 0x10;
    /** The implant's "ping": a Trans2 timeout whose bytes sum to 0x23. */
    static final int PING_TIMEOUT = 0x00000023;

    public static final int STATUS_SUCCESS = 0;
    public static final int STATUS_NOT_IMPLEMENTED = 0xC0000002;
    public static final int STATUS_INVALID_HANDLE = 0xC0000008;
    public static final int STATUS_ACCESS_DENIED = 0xC0000022;
    public static final int STATUS_INSUFF_SERVER_RESOURCES = 0xC0000205;
    public static final int STATUS_MORE_PROCESSING_REQUIRED = 0xC0000016;

    /** Largest NetBIOS frame accepted; a larger length field is treated as hostile. */
    public static final int MAX_FRAME = 64 * 1024;

    private SmbWire() {
    }

    /** A reply that is not what the protocol allows; the message is the reason shown to the user. */
    public static final class BadReply extends IOException {
        private static final long serialVersionUID = 1L;

        public BadReply(String message) {
            super(message);
        }
    }

    /**
     * Reads one NetBIOS session message and returns its payload (SMB message) or, for other session packet types,
     * a one-byte array holding the type with {@code typeOut[0]} set. Never allocates more than {@link #MAX_FRAME}.
     */
    public static byte[] readFrame(InputStream in, int[] typeOut) throws IOException {
        byte[] head = new byte[4];
        readFully(in, head, "the NetBIOS header");
        int type = head[0] & 0xFF;
        int length = (head[1] & 0x01) << 16 | (head[2] & 0xFF) << 8 | (head[3] & 0xFF);
        if ((head[1] & 0xFE) != 0) {
            throw new BadReply(String.format("malformed NetBIOS header (flags 0x%02X)", head[1] & 0xFF));
        }
        if (type != 0x00 && type != 0x82 && type != 0x83 && type != 0x85) {
            throw new BadReply(String.format("not an SMB session message (NetBIOS type 0x%02X)", type));
        }
        if (length > MAX_FRAME) {
            throw new BadReply("reply claims " + length + " bytes, more than the " + MAX_FRAME + " accepted");
        }
        byte[] body = new byte[length];
        readFully(in, body, "a " + length + "-byte message");
        typeOut[0] = type;
        return body;
    }

    private static void readFully(InputStream in, byte[] b, String what) throws IOException {
        int n = 0;
        while (n < b.length) {
            int r = in.read(b, n, b.length - n);
            if (r < 0) {
                throw new EOFException("connection closed after " + n + " of " + b.length + " bytes of " + what);
            }
            n += r;
        }
    }

    /** NetBIOS SESSION REQUEST for port 139, to the generic name *SMBSERVER. */
    public static byte[] sessionRequest() {
        byte[] called = netbiosName("*SMBSERVER", 0x20);
        byte[] calling = netbiosName("FERRET", 0x00);
        ByteBuffer b = ByteBuffer.allocate(4 + called.length + calling.length);
        b.put((byte) 0x81).put((byte) 0).putShort((short) (called.length + calling.length));
        b.put(called).put(calling);
        return b.array();
    }

    /** First-level encoding of a NetBIOS name ([RFC 1001] 14.1). */
    static byte[] netbiosName(String name, int suffix) {
        byte[] raw = new byte[16];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 15; i++) {
            raw[i] = i < n.length ? n[i] : (byte) ' ';
        }
        raw[15] = (byte) suffix;
        byte[] out = new byte[34];
        out[0] = 32;
        for (int i = 0; i < 16; i++) {
            out[1 + 2 * i] = (byte) ('A' + ((raw[i] >> 4) & 0x0F));
            out[2 + 2 * i] = (byte) ('A' + (raw[i] & 0x0F));
        }
        out[33] = 0;
        return out;
    }

    static byte[] header(byte command, int tid, int uid) {
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0xFF).put((byte) 'S').put((byte) 'M').put((byte) 'B');
        b.put(command);
        b.putInt(0);
        b.put((byte) 0x18); // case-insensitive, canonicalised paths
        b.putShort((short) 0xC007); // unicode, NT status, long names, EAs; no extended security
        b.putShort((short) 0);
        b.putLong(0);
        b.putShort((short) 0);
        b.putShort((short) tid);
        b.putShort((short) 0xFEFF);
        b.putShort((short) uid);
        b.putShort((short) MID);
        return b.array();
    }

    static byte[] frame(byte[] header, byte[] words, byte[] data) {
        ByteArrayOutputStream smb = new ByteArrayOutputStream();
        smb.writeBytes(header);
        smb.write(words.length / 2);
        smb.writeBytes(words);
        smb.write(data.length & 0xFF);
        smb.write(data.length >> 8 & 0xFF);
        smb.writeBytes(data);
        return netbios(smb.toByteArray());
    }

    static byte[] netbios(byte[] body) {
        ByteBuffer out = ByteBuffer.allocate(4 + body.length);
        out.put((byte) 0).put((byte) (body.length >> 16)).put((byte) (body.length >> 8)).put((byte) body.length);
        out.put(body);
        return out.array();
    }

    /** SMB1 NEGOTIATE offering only "NT LM 0.12": an SMBv1 server accepts it, an SMB2-only one cannot. */
    public static byte[] negotiateSmb1() {
        byte[] dialect = "NT LM 0.12".getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[dialect.length + 2];
        data[0] = 0x02;
        System.arraycopy(dialect, 0, data, 1, dialect.length);
        return frame(header(SMB_COM_NEGOTIATE, 0, 0), new byte[0], data);
    }

    /** The SMB2 dialects offered, oldest first (3.1.1 needs negotiate contexts and is not offered). */
    static final int[] SMB2_DIALECTS = {0x0202, 0x0210, 0x0300, 0x0302};

    /** SMB2 NEGOTIATE ([MS-SMB2] 2.2.3): the server answers with the highest dialect it shares. */
    public static byte[] negotiateSmb2() {
        ByteBuffer b = ByteBuffer.allocate(64 + 36 + 2 * SMB2_DIALECTS.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0xFE).put((byte) 'S').put((byte) 'M').put((byte) 'B');
        b.putShort((short) 64); // structure size
        b.putShort((short) 0); // credit charge
        b.putInt(0); // status
        b.putShort((short) 0); // NEGOTIATE
        b.putShort((short) 1); // credits requested
        b.putInt(0); // flags
        b.putInt(0); // next command
        b.putLong(0); // message id
        b.putInt(0x0000FEFF); // process id
        b.putInt(0); // tree id
        b.putLong(0); // session id
        b.put(new byte[16]); // signature
        b.putShort((short) 36);
        b.putShort((short) SMB2_DIALECTS.length);
        b.putShort((short) 1); // signing enabled
        b.putShort((short) 0);
        b.putInt(0); // capabilities
        b.put("ferret-exposure!".getBytes(StandardCharsets.US_ASCII)); // client guid, 16 bytes
        b.putLong(0); // client start time
        for (int d : SMB2_DIALECTS) {
            b.putShort((short) d);
        }
        return netbios(b.array());
    }

    /** Anonymous SESSION_SETUP_ANDX (NT LM 0.12, no extended security, empty names and passwords). */
    public static byte[] sessionSetup() {
        ByteBuffer w = ByteBuffer.allocate(26).order(ByteOrder.LITTLE_ENDIAN);
        w.put((byte) 0xFF).put((byte) 0).putShort((short) 0);
        w.putShort((short) 0xFFFF);
        w.putShort((short) 2);
        w.putShort((short) 1);
        w.putInt(0);
        w.putShort((short) 0);
        w.putShort((short) 0);
        w.putInt(0);
        w.putInt(0x40 | 0x04 | 0x10);
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        d.write(0);
        d.writeBytes(utf16z(""));
        d.writeBytes(utf16z(""));
        d.writeBytes(utf16z("Unix"));
        d.writeBytes(utf16z("ferret"));
        return frame(header(SMB_COM_SESSION_SETUP_ANDX, 0, 0), w.array(), d.toByteArray());
    }

    public static byte[] treeConnect(int uid, String host) {
        ByteBuffer w = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        w.put((byte) 0xFF).put((byte) 0).putShort((short) 0);
        w.putShort((short) 0);
        w.putShort((short) 1);
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        d.write(0);
        d.writeBytes(utf16z("\\\\" + host + "\\IPC$"));
        d.writeBytes("?????".getBytes(StandardCharsets.US_ASCII));
        d.write(0);
        return frame(header(SMB_COM_TREE_CONNECT_ANDX, 0, uid), w.array(), d.toByteArray());
    }

    /**
     * SMB_COM_TRANSACTION with the PeekNamedPipe subcommand on FID 0 and no parameters: an unpatched srv.sys
     * answers STATUS_INSUFF_SERVER_RESOURCES, a patched one STATUS_ACCESS_DENIED or STATUS_INVALID_HANDLE.
     */
    public static byte[] peekNamedPipe(int tid, int uid) {
        int words = 14 + 2; // 14 fixed words, 2 setup words
        int nameOffset = 32 + 1 + words * 2 + 2 + 1; // header, word count, words, byte count, pad to even
        byte[] name = utf16z("\\PIPE\\");
        int end = nameOffset + name.length;
        ByteBuffer w = ByteBuffer.allocate(words * 2).order(ByteOrder.LITTLE_ENDIAN);
        w.putShort((short) 0); // total parameter count
        w.putShort((short) 0); // total data count
        w.putShort((short) 0xFFFF); // max parameter count
        w.putShort((short) 0xFFFF); // max data count
        w.put((byte) 0).put((byte) 0); // max setup count, reserved
        w.putShort((short) 0); // flags
        w.putInt(0); // timeout
        w.putShort((short) 0); // reserved
        w.putShort((short) 0); // parameter count
        w.putShort((short) end); // parameter offset
        w.putShort((short) 0); // data count
        w.putShort((short) end); // data offset
        w.put((byte) 2).put((byte) 0); // setup count, reserved
        w.putShort((short) TRANS_PEEK_NMPIPE);
        w.putShort((short) 0); // FID 0
        byte[] data = new byte[1 + name.length];
        System.arraycopy(name, 0, data, 1, name.length);
        return frame(header(SMB_COM_TRANSACTION, tid, uid), w.array(), data);
    }

    /** The DoublePulsar "ping": Trans2 SESSION_SETUP with the timeout 0x23 and zeroed parameters. */
    public static byte[] trans2Ping(int tid, int uid) {
        byte[] parameters = new byte[12];
        ByteBuffer w = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        int parameterOffset = 32 + 1 + 30 + 2 + 1;
        w.putShort((short) parameters.length);
        w.putShort((short) 0);
        w.putShort((short) 1);
        w.putShort((short) 0);
        w.put((byte) 0).put((byte) 0);
        w.putShort((short) 0);
        w.putInt(PING_TIMEOUT);
        w.putShort((short) 0);
        w.putShort((short) parameters.length);
        w.putShort((short) parameterOffset);
        w.putShort((short) 0);
        w.putShort((short) (parameterOffset + parameters.length));
        w.put((byte) 1).put((byte) 0);
        w.putShort((short) TRANS2_SESSION_SETUP);
        byte[] data = new byte[1 + parameters.length];
        return frame(header(SMB_COM_TRANSACTION2, tid, uid), w.array(), data);
    }

    static byte[] utf16z(String s) {
        return (s + "\0").getBytes(StandardCharsets.UTF_16LE);
    }

    /** The implant's XOR key from the value it leaves in the signature field (public DoublePulsar analyses). */
    public static long xorKey(long s) {
        long x = 2 * s ^ ((((s & 0xFF00) | (s << 16)) << 8) | (((s >> 16) | (s & 0xFF0000)) >> 8));
        return x & 0xFFFFFFFFL;
    }
}

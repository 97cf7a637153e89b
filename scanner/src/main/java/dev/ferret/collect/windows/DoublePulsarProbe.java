package dev.ferret.collect.windows;

import dev.ferret.model.windows.ProbeResult;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Asks an SMBv1 server whether the DoublePulsar implant answers, the way the public detectors do: negotiate NT LM
 * 0.12, an anonymous session, a tree connect to IPC$, then a Trans2 SESSION_SETUP request whose timeout encodes the
 * implant's "ping" command. A clean server answers STATUS_NOT_IMPLEMENTED with the request's multiplex id; the
 * implant answers with the multiplex id raised by 0x10 and leaves its XOR key and architecture in the signature
 * field. The "ping" neither changes the server nor runs anything. Packets are built here from [MS-CIFS], not copied.
 */
public final class DoublePulsarProbe implements SmbProbe {
    static final byte SMB_COM_NEGOTIATE = 0x72;
    static final byte SMB_COM_SESSION_SETUP_ANDX = 0x73;
    static final byte SMB_COM_TREE_CONNECT_ANDX = 0x75;
    static final byte SMB_COM_TRANSACTION2 = 0x32;
    static final int TRANS2_SESSION_SETUP = 0x000E;
    /** Request multiplex id; the implant answers with {@code MID + 0x10}. */
    static final int MID = 0x41;
    /** A timeout whose bytes sum to 0x23 (the implant's ping): 0x23 + 0 + 0 + 0. */
    static final int PING_TIMEOUT = 0x00000023;
    static final int STATUS_NOT_IMPLEMENTED = 0xC0000002;

    private final String host;
    private final int port;
    private final int timeoutMillis;

    public DoublePulsarProbe(String host, int port, int timeoutMillis) {
        this.host = host;
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    /** The host's own SMB server on loopback. */
    public static DoublePulsarProbe local() {
        return new DoublePulsarProbe("127.0.0.1", 445, 5000);
    }

    @Override
    public ProbeResult probe() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(negotiate());
            Response r = Response.read(in);
            if (r.command != SMB_COM_NEGOTIATE || r.status != 0) {
                return new ProbeResult(ProbeResult.State.ERROR, String.format(
                        "SMBv1 negotiation refused (status 0x%08X): the server does not speak SMBv1", r.status), null);
            }
            out.write(sessionSetup());
            r = Response.read(in);
            if (r.status != 0) {
                return new ProbeResult(ProbeResult.State.ERROR, String.format(
                        "anonymous SMBv1 session refused (status 0x%08X): implant not testable", r.status), null);
            }
            int uid = r.uid;
            out.write(treeConnect(uid, "\\\\" + host + "\\IPC$"));
            r = Response.read(in);
            if (r.status != 0) {
                return new ProbeResult(ProbeResult.State.ERROR, String.format(
                        "IPC$ tree connect refused (status 0x%08X): implant not testable", r.status), null);
            }
            out.write(trans2Ping(r.tid, uid));
            r = Response.read(in);
            return interpret(r);
        } catch (IOException e) {
            return new ProbeResult(ProbeResult.State.ERROR, "SMB probe of " + host + ":" + port + " failed: " + e, null);
        }
    }

    static ProbeResult interpret(Response r) {
        if (r.command == SMB_COM_TRANSACTION2 && r.mid == MID + 0x10) {
            long key = r.signature & 0xFFFFFFFFL;
            String arch = (r.signature >>> 32) == 0 ? "x86" : "x64";
            return new ProbeResult(ProbeResult.State.IMPLANT, String.format("the Trans2 SESSION_SETUP ping was answered "
                    + "with multiplex id 0x%X (request 0x%X): DoublePulsar (%s, XOR key 0x%08X)", r.mid, MID, arch,
                    xorKey(key)), arch);
        }
        return new ProbeResult(ProbeResult.State.CLEAN, String.format("the Trans2 SESSION_SETUP ping was answered "
                + "normally (status 0x%08X, multiplex id 0x%X)", r.status, r.mid), null);
    }

    /** The implant's XOR key from the 32-bit value it leaves in the signature field (public DoublePulsar analyses). */
    static long xorKey(long s) {
        long x = 2 * s ^ ((((s & 0xFF00) | (s << 16)) << 8) | (((s >> 16) | (s & 0xFF0000)) >> 8));
        return x & 0xFFFFFFFFL;
    }

    /** One SMBv1 response: the header fields the probe needs. */
    record Response(byte command, int status, int tid, int uid, int mid, long signature) {
        static Response read(InputStream in) throws IOException {
            DataInputStream d = new DataInputStream(in);
            int type = d.readUnsignedByte();
            int length = d.readUnsignedByte() << 16 | d.readUnsignedByte() << 8 | d.readUnsignedByte();
            if (type != 0 || length < 32 || length > (1 << 17)) {
                throw new IOException("not an SMB session message (type " + type + ", length " + length + ")");
            }
            byte[] m = new byte[length];
            d.readFully(m);
            if ((m[0] & 0xFF) != 0xFF || m[1] != 'S' || m[2] != 'M' || m[3] != 'B') {
                throw new EOFException(m[0] == (byte) 0xFE ? "the server answered SMB2 only" : "not an SMBv1 header");
            }
            ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
            return new Response(m[4], b.getInt(5), b.getShort(24) & 0xFFFF, b.getShort(28) & 0xFFFF,
                    b.getShort(30) & 0xFFFF, b.getLong(14));
        }
    }

    /** A 32-byte SMBv1 header. */
    static byte[] header(byte command, int tid, int uid, int mid) {
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0xFF).put((byte) 'S').put((byte) 'M').put((byte) 'B');
        b.put(command);
        b.putInt(0); // status
        b.put((byte) 0x18); // flags: case-insensitive paths, canonicalised
        b.putShort((short) 0xC007); // flags2: unicode, NT status, long names, EAs, security signature unused
        b.putShort((short) 0); // PID high
        b.putLong(0); // security features
        b.putShort((short) 0); // reserved
        b.putShort((short) tid);
        b.putShort((short) 0xFEFF); // PID
        b.putShort((short) uid);
        b.putShort((short) mid);
        return b.array();
    }

    /** Header + parameter words + data, framed as a NetBIOS session message. */
    static byte[] message(byte[] header, byte[] words, byte[] data) {
        ByteArrayOutputStream smb = new ByteArrayOutputStream();
        smb.writeBytes(header);
        smb.write(words.length / 2);
        smb.writeBytes(words);
        smb.write(data.length & 0xFF);
        smb.write(data.length >> 8 & 0xFF);
        smb.writeBytes(data);
        byte[] body = smb.toByteArray();
        ByteBuffer out = ByteBuffer.allocate(4 + body.length);
        out.put((byte) 0).put((byte) (body.length >> 16)).put((byte) (body.length >> 8)).put((byte) body.length);
        out.put(body);
        return out.array();
    }

    static byte[] negotiate() {
        byte[] dialect = "NT LM 0.12".getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[dialect.length + 2];
        data[0] = 0x02; // buffer format: dialect
        System.arraycopy(dialect, 0, data, 1, dialect.length);
        return message(header(SMB_COM_NEGOTIATE, 0, 0, MID), new byte[0], data);
    }

    static byte[] sessionSetup() {
        ByteBuffer w = ByteBuffer.allocate(26).order(ByteOrder.LITTLE_ENDIAN);
        w.put((byte) 0xFF).put((byte) 0).putShort((short) 0); // no AndX command
        w.putShort((short) 0xFFFF); // max buffer
        w.putShort((short) 2); // max mpx count
        w.putShort((short) 1); // VC number
        w.putInt(0); // session key
        w.putShort((short) 0); // OEM password length (anonymous)
        w.putShort((short) 0); // unicode password length
        w.putInt(0); // reserved
        w.putInt(0x40 | 0x04 | 0x10); // capabilities: NT status, unicode, NT SMBs
        // data: pad byte (unicode alignment), then empty account and domain, then OS and LAN manager names
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        d.write(0);
        d.writeBytes(utf16z(""));
        d.writeBytes(utf16z(""));
        d.writeBytes(utf16z("Windows"));
        d.writeBytes(utf16z("ferret"));
        return message(header(SMB_COM_SESSION_SETUP_ANDX, 0, 0, MID), w.array(), d.toByteArray());
    }

    static byte[] treeConnect(int uid, String path) {
        ByteBuffer w = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        w.put((byte) 0xFF).put((byte) 0).putShort((short) 0); // no AndX command
        w.putShort((short) 0); // flags
        w.putShort((short) 1); // password length: one NUL byte
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        d.write(0); // password
        d.writeBytes(utf16z(path));
        d.writeBytes("?????".getBytes(StandardCharsets.US_ASCII)); // any service type
        d.write(0);
        return message(header(SMB_COM_TREE_CONNECT_ANDX, 0, uid, MID), w.array(), d.toByteArray());
    }

    static byte[] trans2Ping(int tid, int uid) {
        byte[] parameters = new byte[12]; // SESSION_SETUP parameters: zeroes for the ping
        ByteBuffer w = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        int headerAndWords = 32 + 1 + 30 + 2; // header, word count, 15 words, byte count
        int parameterOffset = headerAndWords + 1; // after one pad byte
        w.putShort((short) parameters.length); // total parameter count
        w.putShort((short) 0); // total data count
        w.putShort((short) 1); // max parameter count
        w.putShort((short) 0); // max data count
        w.put((byte) 0).put((byte) 0); // max setup count, reserved
        w.putShort((short) 0); // flags
        w.putInt(PING_TIMEOUT);
        w.putShort((short) 0); // reserved
        w.putShort((short) parameters.length); // parameter count
        w.putShort((short) parameterOffset);
        w.putShort((short) 0); // data count
        w.putShort((short) (parameterOffset + parameters.length)); // data offset
        w.put((byte) 1).put((byte) 0); // setup count, reserved
        w.putShort((short) TRANS2_SESSION_SETUP);
        byte[] data = new byte[1 + parameters.length];
        System.arraycopy(parameters, 0, data, 1, parameters.length);
        return message(header(SMB_COM_TRANSACTION2, tid, uid, MID), w.array(), data);
    }

    private static byte[] utf16z(String s) {
        return (s + "\0").getBytes(StandardCharsets.UTF_16LE);
    }
}

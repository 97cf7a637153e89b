package dev.ferret.collect.windows;

import dev.ferret.exposure.SmbWire;
import dev.ferret.model.windows.ProbeResult;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Asks an SMBv1 server whether the DoublePulsar implant answers, the way the public detectors do: negotiate NT LM
 * 0.12, an anonymous session, a tree connect to IPC$, then a Trans2 SESSION_SETUP request whose timeout encodes the
 * implant's "ping" command. A clean server answers STATUS_NOT_IMPLEMENTED with the request's multiplex id; the
 * implant answers with the multiplex id raised by 0x10 and leaves its XOR key and architecture in the signature
 * field. The "ping" neither changes the server nor runs anything. The requests come from the exposure check's
 * {@link SmbWire}, the one SMB framer.
 */
public final class DoublePulsarProbe implements SmbProbe {
    static final byte SMB_COM_NEGOTIATE = SmbWire.SMB_COM_NEGOTIATE;
    static final byte SMB_COM_TRANSACTION2 = SmbWire.SMB_COM_TRANSACTION2;
    /** Request multiplex id; the implant answers with {@code MID + 0x10}. */
    static final int MID = SmbWire.MID;
    static final int STATUS_NOT_IMPLEMENTED = SmbWire.STATUS_NOT_IMPLEMENTED;

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
            out.write(SmbWire.negotiateSmb1());
            Response r = Response.read(in);
            if (r.command != SMB_COM_NEGOTIATE || r.status != 0) {
                return new ProbeResult(ProbeResult.State.ERROR, String.format(
                        "SMBv1 negotiation refused (status 0x%08X): the server does not speak SMBv1", r.status), null);
            }
            out.write(SmbWire.sessionSetup());
            r = Response.read(in);
            if (r.status != 0) {
                return new ProbeResult(ProbeResult.State.ERROR, String.format(
                        "anonymous SMBv1 session refused (status 0x%08X): implant not testable", r.status), null);
            }
            int uid = r.uid;
            out.write(SmbWire.treeConnect(uid, host));
            r = Response.read(in);
            if (r.status != 0) {
                return new ProbeResult(ProbeResult.State.ERROR, String.format(
                        "IPC$ tree connect refused (status 0x%08X): implant not testable", r.status), null);
            }
            out.write(SmbWire.trans2Ping(r.tid, uid));
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
                    SmbWire.xorKey(key)), arch);
        }
        return new ProbeResult(ProbeResult.State.CLEAN, String.format("the Trans2 SESSION_SETUP ping was answered "
                + "normally (status 0x%08X, multiplex id 0x%X)", r.status, r.mid), null);
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
}

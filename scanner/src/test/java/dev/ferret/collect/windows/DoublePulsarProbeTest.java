package dev.ferret.collect.windows;

import dev.ferret.model.windows.ProbeResult;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DoublePulsar probe's SMB conversation against a small SMBv1 responder on loopback (real sockets): the
 * requests it sends are well-formed, a clean server's answer and an implant's answer are told apart, and a server
 * that speaks only SMB2 or is not there gives an error, never a verdict.
 */
class DoublePulsarProbeTest {
    /** How the fake server answers the Trans2 SESSION_SETUP ping. */
    enum Mode { CLEAN, IMPLANT, SMB2_ONLY }

    /** Requests the fake server saw: {command, word count, byte count}. */
    private final List<int[]> seen = new ArrayList<>();

    private CompletableFuture<Void> serve(ServerSocket server, Mode mode) {
        return CompletableFuture.runAsync(() -> {
            try (Socket s = server.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                for (int i = 0; i < 4; i++) {
                    int type = in.readUnsignedByte();
                    int length = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
                    byte[] m = new byte[length];
                    in.readFully(m);
                    assertEquals(0, type);
                    assertTrue((m[0] & 0xFF) == 0xFF && m[1] == 'S' && m[2] == 'M' && m[3] == 'B', "SMBv1 header");
                    ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
                    int words = m[32] & 0xFF;
                    int bytes = b.getShort(33 + words * 2) & 0xFFFF;
                    assertEquals(length, 32 + 1 + words * 2 + 2 + bytes, "word and byte counts add up to the message");
                    synchronized (seen) {
                        seen.add(new int[] {m[4] & 0xFF, words, bytes});
                    }
                    if (mode == Mode.SMB2_ONLY) {
                        out.write(frame(new byte[] {(byte) 0xFE, 'S', 'M', 'B'}, 64));
                        return;
                    }
                    int mid = b.getShort(30) & 0xFFFF;
                    int status = 0;
                    long signature = 0;
                    if (m[4] == DoublePulsarProbe.SMB_COM_TRANSACTION2) {
                        if (mode == Mode.IMPLANT) {
                            mid += 0x10;
                            signature = 0x0000_0001_1234_5678L; // high half set: x64
                        } else {
                            status = DoublePulsarProbe.STATUS_NOT_IMPLEMENTED;
                        }
                    }
                    out.write(response(m[4], status, 0x0800, 0x0801, mid, signature));
                }
            } catch (IOException e) {
                // the probe hung up
            }
        });
    }

    private static byte[] frame(byte[] magic, int length) {
        ByteBuffer b = ByteBuffer.allocate(4 + length);
        b.put((byte) 0).put((byte) 0).put((byte) 0).put((byte) length).put(magic);
        return b.array();
    }

    private static byte[] response(byte command, int status, int tid, int uid, int mid, long signature) {
        ByteBuffer b = ByteBuffer.allocate(4 + 35).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 35);
        b.put((byte) 0xFF).put((byte) 'S').put((byte) 'M').put((byte) 'B').put(command).putInt(status)
                .put((byte) 0x98).putShort((short) 0xC007).putShort((short) 0).putLong(signature).putShort((short) 0)
                .putShort((short) tid).putShort((short) 0xFEFF).putShort((short) uid).putShort((short) mid);
        b.put((byte) 0).putShort((short) 0); // no words, no bytes
        return b.array();
    }

    private ProbeResult probe(Mode mode) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> done = serve(server, mode);
            ProbeResult r = new DoublePulsarProbe("127.0.0.1", server.getLocalPort(), 5000).probe();
            done.get();
            return r;
        }
    }

    @Test
    void aCleanServerAnswersNotImplemented() throws Exception {
        ProbeResult r = probe(Mode.CLEAN);
        assertEquals(ProbeResult.State.CLEAN, r.state(), r.detail());
        assertEquals(4, seen.size());
        assertEquals(0x72, seen.get(0)[0]);
        assertEquals(0x73, seen.get(1)[0]);
        assertEquals(13, seen.get(1)[1], "NT LM 0.12 session setup without extended security has 13 words");
        assertEquals(0x75, seen.get(2)[0]);
        assertEquals(0x32, seen.get(3)[0]);
        assertEquals(15, seen.get(3)[1], "Trans2 with one setup word");
    }

    @Test
    void anImplantAnswersWithTheRaisedMultiplexId() throws Exception {
        ProbeResult r = probe(Mode.IMPLANT);
        assertEquals(ProbeResult.State.IMPLANT, r.state(), r.detail());
        assertEquals("x64", r.arch());
        assertTrue(r.detail().contains("multiplex id 0x51"), r.detail());
    }

    @Test
    void anSmb2OnlyOrAbsentServerIsAnErrorNotAVerdict() throws Exception {
        ProbeResult r = probe(Mode.SMB2_ONLY);
        assertEquals(ProbeResult.State.ERROR, r.state());
        assertTrue(r.detail().contains("SMB2"), r.detail());
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertEquals(ProbeResult.State.ERROR, new DoublePulsarProbe("127.0.0.1", port, 2000).probe().state());
    }
}

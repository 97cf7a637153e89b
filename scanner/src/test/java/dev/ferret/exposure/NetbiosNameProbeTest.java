package dev.ferret.exposure;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** UDP 137 NODE STATUS against a loopback responder, a closed port and a silent one. */
class NetbiosNameProbeTest {
    private static final InetAddress LO = InetAddress.getLoopbackAddress();

    /** A NODE STATUS RESPONSE ([RFC 1002] 4.2.18) naming FILESERVER<20> and WORKGROUP<00>. */
    static byte[] nodeStatusResponse(byte[] request) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(request[0]);
        o.write(request[1]);
        o.writeBytes(new byte[] {(byte) 0x84, 0x00, 0, 0, 0, 1, 0, 0, 0, 0});
        o.write(request, 12, 34); // the question's name
        o.writeBytes(new byte[] {0, 0x21, 0, 1, 0, 0, 0, 0});
        int rdlength = 1 + 2 * 18 + 46;
        o.write(rdlength >> 8);
        o.write(rdlength);
        o.write(2);
        for (String[] n : new String[][] {{"FILESERVER", "20"}, {"WORKGROUP", "00"}}) {
            o.writeBytes(String.format("%-15s", n[0]).getBytes(StandardCharsets.US_ASCII));
            o.write(Integer.parseInt(n[1], 16));
            o.writeBytes(new byte[] {0x04, 0x00});
        }
        o.writeBytes(new byte[46]);
        return o.toByteArray();
    }

    @Test
    void answeringNameServiceIsOpenAndNamed() throws Exception {
        try (DatagramSocket server = new DatagramSocket(new InetSocketAddress(LO, 0))) {
            Thread t = new Thread(() -> {
                try {
                    byte[] buf = new byte[512];
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    server.receive(p);
                    byte[] req = Arrays.copyOf(buf, p.getLength());
                    if (req.length == 50 && req[12 + 34 + 1] == 0x21) {
                        byte[] reply = nodeStatusResponse(req);
                        server.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                    }
                } catch (Exception e) {
                    // the test fails on the probe's side
                }
            });
            t.setDaemon(true);
            t.start();
            HostResult.PortResult r = NetbiosNameProbe.probe(LO, server.getLocalPort(), 2000);
            assertEquals(HostResult.PortState.OPEN, r.state(), r.detail());
            assertTrue(r.detail().contains("FILESERVER<20>"), r.detail());
        }
    }

    @Test
    void closedAndSilentPorts() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LO, 0))) {
            port = s.getLocalPort();
        }
        assertEquals(HostResult.PortState.REFUSED, NetbiosNameProbe.probe(LO, port, 2000).state());
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(LO, 0))) {
            HostResult.PortResult r = NetbiosNameProbe.probe(LO, silent.getLocalPort(), 300);
            assertEquals(HostResult.PortState.NO_ANSWER, r.state());
            assertTrue(r.detail().contains("open or filtered"), r.detail());
        }
    }

    @Test
    void hostileRepliesNeverThrow() {
        byte[] good = nodeStatusResponse(NetbiosNameProbe.nodeStatusRequest());
        for (int n = 0; n <= good.length; n++) {
            assertNotNull(NetbiosNameProbe.describe(Arrays.copyOf(good, n)));
        }
        Random r = new Random(137);
        for (int i = 0; i < 5000; i++) {
            byte[] b = r.nextBoolean() ? good.clone() : new byte[r.nextInt(120)];
            if (b.length == good.length) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                b[12 + 34 + 10] = (byte) r.nextInt(256); // the name count
            } else {
                r.nextBytes(b);
            }
            assertNotNull(NetbiosNameProbe.describe(b));
        }
    }

    @Test
    void udpResultJoinsTheHostVerdict() throws Exception {
        int udpPort;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LO, 0))) {
            udpPort = s.getLocalPort();
        }
        int tcpPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, LO)) {
            tcpPort = s.getLocalPort();
        }
        ExposureScan scan = new ExposureScan(new ExposureScan.Options(List.of(ExposureScan.PortSpec.of(tcpPort)), 1,
                100, 1000, udpPort), new RateLimiter(100, RateLimiter.SYSTEM));
        HostResult h = scan.probe(LO);
        assertEquals(Verdict.CLOSED, h.verdict(), h.reasons().toString());
        assertTrue(h.reasons().toString().contains("UDP " + udpPort + " closed"), h.reasons().toString());
        assertEquals(2, scan.connections());
    }
}

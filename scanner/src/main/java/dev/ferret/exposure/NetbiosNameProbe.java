package dev.ferret.exposure;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * UDP 137: one NetBIOS NODE STATUS request ([RFC 1002] 4.2.17, the question "*" of type NBSTAT), as nbtstat -A sends.
 * An answer means the name service is open (and names the host); an ICMP port-unreachable means closed; silence
 * means open or filtered. UDP 138 (datagram service) has no request that gets an answer and is not probed. The reply
 * parser checks every length against the datagram.
 */
public final class NetbiosNameProbe {
    static final int TRN_ID = 0x4645;

    private NetbiosNameProbe() {
    }

    static byte[] nodeStatusRequest() {
        byte[] name = SmbWire.netbiosName("*", 0x00);
        // "*" is padded with NULs, not spaces, in the wildcard name
        byte[] raw = new byte[16];
        raw[0] = '*';
        for (int i = 0; i < 16; i++) {
            name[1 + 2 * i] = (byte) ('A' + ((raw[i] >> 4) & 0x0F));
            name[2 + 2 * i] = (byte) ('A' + (raw[i] & 0x0F));
        }
        byte[] b = new byte[12 + name.length + 4];
        b[0] = (byte) (TRN_ID >> 8);
        b[1] = (byte) TRN_ID;
        b[5] = 1; // one question
        System.arraycopy(name, 0, b, 12, name.length);
        int q = 12 + name.length;
        b[q + 1] = 0x21; // NBSTAT
        b[q + 3] = 0x01; // IN
        return b;
    }

    public static HostResult.PortResult probe(InetAddress address, int port, int timeoutMillis) {
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(new InetSocketAddress(address, port));
            s.setSoTimeout(timeoutMillis);
            byte[] req = nodeStatusRequest();
            s.send(new DatagramPacket(req, req.length));
            byte[] buf = new byte[2048];
            DatagramPacket reply = new DatagramPacket(buf, buf.length);
            s.receive(reply);
            return new HostResult.PortResult(port, HostResult.PortState.OPEN,
                    describe(java.util.Arrays.copyOf(buf, reply.getLength())));
        } catch (PortUnreachableException e) {
            return new HostResult.PortResult(port, HostResult.PortState.REFUSED, "ICMP port unreachable");
        } catch (SocketTimeoutException e) {
            return new HostResult.PortResult(port, HostResult.PortState.NO_ANSWER,
                    "no answer within " + timeoutMillis + " ms (open or filtered)");
        } catch (IOException | RuntimeException e) {
            return new HostResult.PortResult(port, HostResult.PortState.ERROR, String.valueOf(e));
        }
    }

    /** What a NODE STATUS reply says; never throws, whatever the bytes. */
    static String describe(byte[] m) {
        if (m.length < 12) {
            return "answered with " + m.length + " bytes (too short for a name service reply)";
        }
        int id = (m[0] & 0xFF) << 8 | (m[1] & 0xFF);
        if (id != TRN_ID || (m[2] & 0x80) == 0) {
            return "answered, but not a reply to the name status request";
        }
        int p = 12;
        // the answer's name: 34 bytes (length 32, encoded name, 0) or a 2-byte pointer
        if (p < m.length && (m[p] & 0xC0) == 0xC0) {
            p += 2;
        } else {
            while (p < m.length && m[p] != 0) {
                p += 1 + (m[p] & 0x3F);
            }
            p++;
        }
        p += 2 + 2 + 4 + 2; // type, class, ttl, rdlength
        if (p >= m.length) {
            return "answered a name status request (no names readable)";
        }
        int count = m[p] & 0xFF;
        p++;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count && p + 18 <= m.length && names.size() < 4; i++, p += 18) {
            String n = new String(m, p, 15, StandardCharsets.US_ASCII).trim().replaceAll("[^\\x20-\\x7E]", "?");
            names.add(n + String.format("<%02X>", m[p + 15] & 0xFF));
        }
        return "NetBIOS name service answers: " + count + " names" + (names.isEmpty() ? ""
                : " (" + String.join(", ", names) + ")");
    }
}

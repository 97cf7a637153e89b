package dev.ferret.os.windows;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The GetExtended*Table buffers as Windows lays them out: DWORD count, then rows; ports in network order. */
class NetTableParserTest {
    private static ByteBuffer table(int rows, int rowSize) {
        ByteBuffer b = ByteBuffer.allocate(4 + rows * rowSize).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(rows);
        return b;
    }

    /** A port as the DWORD field holds it: network byte order in the low 16 bits. */
    private static void port(ByteBuffer b, int port) {
        b.put((byte) (port >> 8)).put((byte) port).put((byte) 0).put((byte) 0);
    }

    @Test
    void decodesTcp4RowsWithNetworkOrderAddressesAndPorts() {
        ByteBuffer b = table(2, NetTableParser.TCP4_ROW);
        b.putInt(5); // ESTABLISHED
        b.put(new byte[] {10, 1, 2, 3});
        port(b, 49731);
        b.put(new byte[] {10, 1, 2, (byte) 200});
        port(b, 445);
        b.putInt(1234);
        b.putInt(2); // LISTEN
        b.put(new byte[] {0, 0, 0, 0});
        port(b, 445);
        b.put(new byte[] {0, 0, 0, 0});
        port(b, 0);
        b.putInt(4);
        List<SocketRow> rows = NetTableParser.tcp4(b.array());
        assertEquals(List.of(new SocketRow("tcp", 4, "10.1.2.3", 49731, "10.1.2.200", 445, 5, 1234),
                new SocketRow("tcp", 4, "0.0.0.0", 445, "0.0.0.0", 0, 2, 4)), rows);
        assertEquals("ESTABLISHED", NetTableParser.tcpStateName(5));
        assertEquals("LISTEN", NetTableParser.tcpStateName(2));
        assertEquals("SYN_SENT", NetTableParser.tcpStateName(3));
        assertEquals("TIME_WAIT", NetTableParser.tcpStateName(11));
        assertEquals("UNKNOWN", NetTableParser.tcpStateName(99));
    }

    @Test
    void decodesTcp6AndUdpRows() {
        ByteBuffer b = table(1, NetTableParser.TCP6_ROW);
        byte[] local = new byte[16];
        local[15] = 1;
        b.put(local).putInt(0);
        port(b, 8080);
        byte[] remote = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x2a};
        b.put(remote).putInt(0);
        port(b, 3333);
        b.putInt(5).putInt(77);
        assertEquals(List.of(new SocketRow("tcp", 6, "::1", 8080, "2001:db8::2a", 3333, 5, 77)),
                NetTableParser.tcp6(b.array()));

        ByteBuffer u = table(1, NetTableParser.UDP4_ROW);
        u.put(new byte[] {0, 0, 0, 0});
        port(u, 137);
        u.putInt(4);
        assertEquals(List.of(new SocketRow("udp", 4, "0.0.0.0", 137, "0.0.0.0", 0, 0, 4)), NetTableParser.udp4(u.array()));

        ByteBuffer u6 = table(1, NetTableParser.UDP6_ROW);
        u6.put(new byte[16]).putInt(0);
        port(u6, 5353);
        u6.putInt(900);
        assertEquals(List.of(new SocketRow("udp", 6, "::", 5353, "::", 0, 0, 900)), NetTableParser.udp6(u6.array()));
    }

    @Test
    void neverReadsPastTheBufferWhateverTheCountSays() {
        ByteBuffer b = ByteBuffer.allocate(4 + 10).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(1000);
        assertEquals(List.of(), NetTableParser.tcp4(b.array()));
        assertEquals(List.of(), NetTableParser.tcp4(new byte[0]));
    }

    @Test
    void ipv6TextFollowsRfc5952() {
        byte[] a = new byte[16];
        a[0] = (byte) 0xfe;
        a[1] = (byte) 0x80;
        a[15] = 5;
        assertEquals("fe80::5", NetTableParser.ipv6(a, 0));
        byte[] one = {0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        assertEquals("1:0:1::1", NetTableParser.ipv6(one, 0));
    }
}

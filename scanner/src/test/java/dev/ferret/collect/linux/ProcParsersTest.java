package dev.ferret.collect.linux;

import dev.ferret.model.MemoryMapping;
import dev.ferret.model.SocketInfo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcParsersTest {
    @Test
    void statCountsFieldsFromTheLastParenthesis() {
        String line = "4242 (evil) (name) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 3 0 98765 "
                + "1000000 250 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0";
        ProcStat stat = ProcStat.parse(line);
        assertEquals(4242, stat.pid());
        assertEquals("evil) (name) x", stat.comm());
        assertEquals('S', stat.state());
        assertEquals(1, stat.ppid());
        assertEquals(1234 + 567, stat.cpuTicks());
        assertEquals(3, stat.threads());
        assertEquals(98765, stat.startTicks());
        assertEquals(250, stat.rssPages());
    }

    @Test
    void statOfThisProcess() throws IOException {
        ProcStat stat = ProcStat.parse(ProcFiles.read(Path.of("/proc/self/stat")));
        assertEquals(ProcessHandle.current().pid(), stat.pid());
        assertTrue(stat.threads() > 1, "a JVM has several threads");
    }

    @Test
    void procfsFilesAreReadWhole() throws IOException {
        // Files.readString would see size 0 and may truncate; the stream read must give the full value
        String pidMax = ProcFiles.read(Path.of("/proc/sys/kernel/pid_max")).strip();
        assertTrue(Integer.parseInt(pidMax) >= 32768, pidMax);
    }

    @Test
    void mapsLinesWithDeletedAndAnonymousEntries() {
        List<MemoryMapping> maps = MapsParser.parse(String.join("\n",
                "55d0c0a00000-55d0c0a21000 r-xp 00002000 fd:01 1048602                    /usr/bin/sleep",
                "7f1c00000000-7f1c00021000 rwxp 00000000 00:00 0 ",
                "7f1c10000000-7f1c10001000 r-xp 00000000 00:1f 77                         /tmp/x (deleted)",
                "7ffd1e5d1000-7ffd1e5f2000 rw-p 00000000 00:00 0                          [stack]",
                "garbage line"));
        assertEquals(4, maps.size());
        assertEquals("/usr/bin/sleep", maps.get(0).path());
        assertTrue(maps.get(0).executable());
        assertTrue(maps.get(1).anonymous() && maps.get(1).writable() && maps.get(1).executable());
        assertEquals("/tmp/x", maps.get(2).path());
        assertTrue(maps.get(2).deleted());
        assertTrue(maps.get(3).pseudo());
        assertFalse(maps.get(3).executable());
    }

    @Test
    void mapsOfThisProcessIncludeLibjvm() throws IOException {
        List<MemoryMapping> maps = MapsParser.parse(ProcFiles.read(Path.of("/proc/self/maps")));
        assertTrue(maps.stream().anyMatch(m -> m.executable() && m.path() != null && m.path().endsWith("libjvm.so")));
    }

    @Test
    void procNetAddressesDecodeInKernelByteOrder() throws Exception {
        assertEquals("127.0.0.1", ProcNetParser.endpoint("0100007F:0D05").ip());
        assertEquals(3333, ProcNetParser.endpoint("0100007F:0D05").port());
        assertEquals("::1", ProcNetParser.endpoint("00000000000000000000000001000000:0050").ip());
        // IPv4-mapped IPv6 is reported as the IPv4 address it stands for
        assertEquals("91.121.140.167", ProcNetParser.endpoint("0000000000000000FFFF0000A78C795B:0D05").ip());
    }

    @Test
    void aRealLoopbackConnectionAppearsInProcNetTcp() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             Socket client = new Socket("127.0.0.1", server.getLocalPort());
             Socket accepted = server.accept()) {
            // the JVM may use dual-stack IPv6 sockets: 127.0.0.1 then shows in tcp6 as ::ffff:127.0.0.1
            List<SocketInfo> sockets = new java.util.ArrayList<>(
                    ProcNetParser.parse(ProcFiles.read(Path.of("/proc/net/tcp")), "tcp", 4));
            sockets.addAll(ProcNetParser.parse(ProcFiles.read(Path.of("/proc/net/tcp6")), "tcp", 6));
            assertTrue(sockets.stream().anyMatch(s -> s.listening() && s.local().port() == server.getLocalPort()));
            SocketInfo out = sockets.stream().filter(s -> s.local().port() == client.getLocalPort()).findFirst()
                    .orElseThrow();
            assertEquals("ESTABLISHED", out.state());
            assertEquals(server.getLocalPort(), out.remote().port());
            assertEquals("127.0.0.1", out.remote().ip());
            assertTrue(out.inode() > 0);
            assertTrue(accepted.isConnected());
        }
    }

    @Test
    void ipv6TextIsCompressed() {
        assertEquals("fe80::1", ProcNetParser.compress("fe80:0:0:0:0:0:0:1"));
        assertEquals("2001:db8:0:1:1:1:1:1", ProcNetParser.compress("2001:db8:0:1:1:1:1:1"));
    }

    @Test
    void nulSeparatedArguments() {
        assertEquals(List.of("xmrig", "-o", "pool:3333"), ProcessReader.splitNul("xmrig\0-o\0pool:3333\0".getBytes()));
        assertEquals(List.of("a", "b"), ProcessReader.splitNul("a\0b".getBytes()));
    }

    @Test
    void malformedStatIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ProcStat.parse("no parens here"));
    }
}

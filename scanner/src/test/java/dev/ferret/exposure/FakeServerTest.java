package dev.ferret.exposure;

import dev.ferret.cli.ExposureCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Verdicts against a scripted SMB server on loopback. */
class FakeServerTest {
    private static final int TIMEOUT = 1000;

    private static HostResult probe(int port) throws Exception {
        return probe(port, TIMEOUT);
    }

    private static HostResult probe(int port, int timeout) throws Exception {
        ExposureScan scan = new ExposureScan(new ExposureScan.Options(
                List.of(new ExposureScan.PortSpec(port, ExposureScan.Kind.SMB_DIRECT)), 4, 1000, timeout),
                new RateLimiter(1000, RateLimiter.SYSTEM));
        return scan.probe(InetAddress.getLoopbackAddress());
    }

    private static HostResult probe(FakeSmbServer.Mode mode) throws Exception {
        try (FakeSmbServer server = new FakeSmbServer(mode)) {
            return probe(server.port());
        }
    }

    private static String text(HostResult h) {
        return String.join("\n", h.reasons());
    }

    @Test
    void unpatchedHostIsExposed() throws Exception {
        HostResult h = probe(FakeSmbServer.Mode.UNPATCHED);
        assertEquals(Verdict.EXPOSED, h.verdict(), text(h));
        assertTrue(text(h).contains("STATUS_INSUFF_SERVER_RESOURCES"), text(h));
        assertEquals(Boolean.TRUE, h.smb().smb1());
    }

    @Test
    void patchedHostIsPatched() throws Exception {
        HostResult h = probe(FakeSmbServer.Mode.PATCHED);
        assertEquals(Verdict.PATCHED, h.verdict(), text(h));
        assertTrue(text(h).contains("STATUS_INVALID_HANDLE"), text(h));
        assertTrue(text(h).contains("no DoublePulsar implant"), text(h));
    }

    @Test
    void implantedHostIsBackdoored() throws Exception {
        HostResult h = probe(FakeSmbServer.Mode.IMPLANT);
        assertEquals(Verdict.BACKDOORED, h.verdict(), text(h));
        assertTrue(text(h).contains("multiplex id 0x51"), text(h));
        assertTrue(text(h).contains("x64"), text(h));
    }

    @Test
    void silentServerIsUnknownWithTimeout() throws Exception {
        long t0 = System.nanoTime();
        HostResult h = probe(FakeSmbServer.Mode.SILENT);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(Verdict.UNKNOWN, h.verdict(), text(h));
        assertTrue(text(h).contains("timeout"), text(h));
        assertTrue(ms < new ExposureScan.Options(List.of(ExposureScan.PortSpec.of(445)), 1, 1, TIMEOUT)
                .hostBudgetMillis() + 5000, "took " + ms + " ms");
    }

    @Test
    void resettingServerIsUnknown() throws Exception {
        HostResult h = probe(FakeSmbServer.Mode.RESET);
        assertEquals(Verdict.UNKNOWN, h.verdict(), text(h));
        assertTrue(text(h).contains("reset") || text(h).contains("closed the connection"), text(h));
    }

    @Test
    void smb2OnlyServerRefusesSmb1AndIsUnknown() throws Exception {
        HostResult h = probe(FakeSmbServer.Mode.SMB2_ONLY);
        assertEquals(Verdict.UNKNOWN, h.verdict(), text(h));
        assertEquals(Boolean.FALSE, h.smb().smb1(), text(h));
        assertEquals(0x0302, h.smb2().dialect());
        assertTrue(text(h).contains("not testable"), text(h));
    }

    @Test
    void anonymousRefusedIsUnknown() throws Exception {
        HostResult h = probe(FakeSmbServer.Mode.ANON_DENIED);
        assertEquals(Verdict.UNKNOWN, h.verdict(), text(h));
        assertTrue(text(h).contains("authentication required"), text(h));
    }

    @Test
    void garbageServerIsUnknown() throws Exception {
        HostResult h = probe(FakeSmbServer.Mode.GARBAGE);
        assertEquals(Verdict.UNKNOWN, h.verdict(), text(h));
        assertTrue(text(h).contains("not an SMB reply"), text(h));
    }

    @Test
    void slowDripServerIsCutAtTheHostBudget() throws Exception {
        try (FakeSmbServer server = new FakeSmbServer(FakeSmbServer.Mode.DRIP)) {
            long t0 = System.nanoTime();
            HostResult h = probe(server.port(), 300); // a byte every 200 ms never trips the 300 ms step timeout
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(Verdict.UNKNOWN, h.verdict(), text(h));
            assertTrue(text(h).contains("timeout"), text(h));
            long budget = new ExposureScan.Options(List.of(ExposureScan.PortSpec.of(445)), 1, 1, 300)
                    .hostBudgetMillis();
            assertTrue(ms < budget + 3000, "took " + ms + " ms, budget " + budget);
        }
    }

    @Test
    void closedPortIsClosed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        HostResult h = probe(port);
        assertEquals(Verdict.CLOSED, h.verdict(), text(h));
        assertTrue(text(h).contains("refused"), text(h));
    }

    @Test
    void commandWritesJsonLinesAndFailsOnBackdoor() throws Exception {
        Path out = Files.createTempFile("ferret-exposure", ".jsonl");
        try (FakeSmbServer server = new FakeSmbServer(FakeSmbServer.Mode.IMPLANT)) {
            StringWriter err = new StringWriter();
            CommandLine cli = new CommandLine(new ExposureCommand());
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute("127.0.0.1", "--ports", String.valueOf(closedPort()),
                    "--smb-port", String.valueOf(server.port()), "--timeout", "1000", "--format", "jsonl",
                    "--output", out.toString());
            assertEquals(1, code, err.toString());
            String json = Files.readString(out, StandardCharsets.UTF_8);
            assertTrue(json.contains("\"rule\":{\"id\":\"network.smb-exposure\""), json);
            assertTrue(json.contains("backdoored"), json);
            assertTrue(json.contains("\"kind\":\"state\""), json);
            assertTrue(err.toString().contains("backdoored"), err.toString());
            Path text = out.resolveSibling(out.getFileName() + ".txt");
            try {
                code = new CommandLine(new ExposureCommand()).execute("127.0.0.1", "--ports",
                        String.valueOf(closedPort()), "--smb-port", String.valueOf(server.port()), "--timeout", "1000",
                        "--quiet", "--output", text.toString());
                assertEquals(1, code);
                String report = Files.readString(text, StandardCharsets.UTF_8);
                assertTrue(report.contains("CRITICAL (1)") && report.contains("backdoored")
                        && report.contains("multiplex id 0x51"), report);
            } finally {
                Files.deleteIfExists(text);
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void badInputExitsTwo() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ExposureCommand());
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((ex, c, p) -> ex instanceof dev.ferret.cli.BadInputException ? 2 : 3);
        assertEquals(2, cli.execute("10.0.0.0/8"));
        assertEquals(2, cli.execute("300.1.1.1"));
        assertEquals(2, cli.execute("127.0.0.1", "--rate", "fast"));
        assertFalse(err.toString().contains("Exception"), err.toString());
        assertNotNull(err);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

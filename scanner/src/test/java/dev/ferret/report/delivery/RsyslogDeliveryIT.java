package dev.ferret.report.delivery;

import dev.ferret.model.Finding;
import dev.ferret.model.Severity;
import dev.ferret.report.html.SyntheticScans;
import dev.ferret.scan.ScanResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Findings delivered to a real rsyslogd started by the test on loopback, with its own configuration in a temp
 * dir: every finding and the closing state record arrive, each at the syslog severity its own severity maps to.
 */
class RsyslogDeliveryIT {
    private static final Path RSYSLOGD = Path.of("/usr/sbin/rsyslogd");
    @TempDir
    Path work;
    private Process rsyslog;

    @AfterEach
    void stop() throws Exception {
        if (rsyslog != null) {
            rsyslog.destroy();
            rsyslog.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Path start(String protocol, int port) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(RSYSLOGD), "rsyslog is not installed (.ci/packages/reports.txt)");
        Path received = work.resolve("received.log");
        String input = protocol.equals("udp")
                ? "module(load=\"imudp\")\ninput(type=\"imudp\" address=\"127.0.0.1\" port=\"" + port + "\")\n"
                : "module(load=\"imtcp\")\ninput(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + port + "\")\n";
        Path conf = Files.writeString(work.resolve("rsyslog.conf"), "global(workDirectory=\"" + work + "\" "
                + "maxMessageSize=\"64k\")\n" + input
                + "template(name=\"t\" type=\"string\" string=\"%syslogseverity%|%msgid%|%app-name%|%structured-data%|%msg%\\n\")\n"
                + "action(type=\"omfile\" file=\"" + received + "\" template=\"t\")\n");
        rsyslog = new ProcessBuilder(RSYSLOGD.toString(), "-n", "-f", conf.toString(), "-i",
                work.resolve("rsyslogd.pid").toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("rsyslogd.out").toFile()).start();
        waitForPort(protocol, port);
        return received;
    }

    private void waitForPort(String protocol, int port) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (!rsyslog.isAlive()) {
                throw new AssertionError("rsyslogd exited: " + Files.readString(work.resolve("rsyslogd.out")));
            }
            boolean bound = protocol.equals("udp") ? Files.readString(Path.of("/proc/net/udp")).toUpperCase()
                    .contains(String.format(":%04X ", port)) : Files.readString(Path.of("/proc/net/tcp")).toUpperCase()
                    .contains(String.format("0100007F:%04X 00000000:0000 0A", port));
            if (bound) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("rsyslogd did not bind port " + port);
    }

    private static List<String> await(Path file, int lines) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (Files.exists(file) && Files.readAllLines(file).size() >= lines) {
                Thread.sleep(200);
                return Files.readAllLines(file);
            }
            Thread.sleep(100);
        }
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    private static int freePort(boolean udp) throws IOException {
        if (udp) {
            try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void everyFindingArrivesOverUdpWithItsSeverity() throws Exception {
        deliverAndCheck("udp", "rfc5424");
    }

    @Test
    void everyFindingArrivesOverTcpAsCef() throws Exception {
        List<String> lines = deliverAndCheck("tcp", "cef");
        assertTrue(lines.stream().anyMatch(l -> l.contains("CEF:0|ferret|ferret|")), String.join("\n", lines));
    }

    private List<String> deliverAndCheck(String protocol, String format) throws Exception {
        int port = freePort(protocol.equals("udp"));
        Path received = start(protocol, port);
        ScanResult result = SyntheticScans.of(40);
        Delivery delivery = Delivery.of("127.0.0.1:" + port, protocol, format, null, true);
        assertEquals(List.of(), delivery.deliver(result));
        int expected = result.findings().size() + 1;
        List<String> lines = await(received, expected);
        assertEquals(expected, lines.size(), "every finding plus the state record:\n" + String.join("\n", lines));
        for (Finding f : result.findings()) {
            String sd = "rule=\"" + f.ruleId() + "\"";
            int severity = SyslogMessages.severity(f.severity());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(severity + "|finding|ferret|") && l.contains(sd)),
                    f.ruleId() + " (" + f.severity() + ") did not arrive at syslog severity " + severity);
        }
        assertTrue(lines.get(lines.size() - 1).startsWith("6|state|ferret|"), "the state record comes last");
        assertEquals(2, SyslogMessages.severity(Severity.CRITICAL));
        assertEquals(4, SyslogMessages.severity(Severity.MEDIUM));
        return lines;
    }

    @Test
    void aDeadCollectorIsReportedNotThrown() throws Exception {
        int port = freePort(false);
        List<String> failures = Delivery.of("127.0.0.1:" + port, "tcp", "rfc5424", null, true)
                .deliver(SyntheticScans.of(1));
        assertEquals(1, failures.size(), failures.toString());
        assertTrue(failures.get(0).startsWith("syslog tcp://127.0.0.1:" + port), failures.get(0));
    }
}

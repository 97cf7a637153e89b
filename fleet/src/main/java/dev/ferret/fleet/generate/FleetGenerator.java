package dev.ferret.fleet.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a synthetic fleet whose answers are known in advance. Clean hosts replay a real clean report (its
 * facts and closing record; its findings dropped) under their own name, address and time. A few hosts replay
 * case 2 (snmpstorsrv.dll in svchost on 3 Windows hosts, spread over 445 from patient zero) and case 1 (the
 * supportxmr pool, its dropper's hash, a cron line and an SSH key on Linux hosts); some hosts have two reports
 * (a change), stop reporting, are cut short, scan without root or come from a newer ferret.
 * Windows hosts land in the GPO share's naming ({@code share/<HOST>-<time>.jsonl}), Linux hosts in the timer's
 * ({@code var/lib/ferret/reports/ferret-<host>-<time>.jsonl.gz}).
 */
public final class FleetGenerator {
    public static final String MODULE_PATH = "C:\\Windows\\System32\\snmpstorsrv.dll";
    public static final String MODULE_SHA256 = "5e0a9c2f6d3b8a71c4e2f09b7d1a6c3e8f2b4d6a0c9e7f1b3d5a7c9e1f3b5d7a";
    public static final String POOL_IP = "91.121.140.167";
    public static final String DROPPER_MD5 = "9f4c2a1e7b3d5f6a8c0e2b4d6f8a1c3e";
    public static final String CRON_LINE = "* * * * * cp /etc/.sh /tmp/.sh && /tmp/.sh && rm -f /tmp/.sh";
    public static final String SSH_KEY = "SHA256:q7Vx3mB9kLr2Tz8YwNc5Hd1Jf6Gp4Ks0Ua7Ie2Ob9Rm";
    public static final String NEWER_VERSION = "9.0.0";

    private static final String VERSION = "0.1.0";
    private final ObjectMapper json = new ObjectMapper();
    private final Records records = new Records(json);
    private final List<ObjectNode> template;
    private final Instant now;

    /** {@code template}: a real report's lines (its findings are left out); {@code now}: the newest scan's time. */
    public FleetGenerator(List<ObjectNode> template, Instant now) {
        this.template = template.stream().filter(o -> !"alert".equals(o.path("event").path("kind").asText())
                && !"state".equals(o.path("event").path("kind").asText())).toList();
        this.now = now;
    }

    public static List<ObjectNode> readTemplate(Path report) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<ObjectNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(report, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add((ObjectNode) json.readTree(line));
            }
        }
        return out;
    }

    /** Writes {@code count} hosts (at least 20) under {@code dir}, bad input planted too if asked. */
    public Planted write(Path dir, int count, boolean badInput) throws IOException {
        if (count < 20) {
            throw new IllegalArgumentException("a planted fleet needs at least 20 hosts");
        }
        Path share = Files.createDirectories(dir.resolve("share"));
        Path timer = Files.createDirectories(dir.resolve("var/lib/ferret/reports"));
        List<Host> hosts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean windows = i % 2 == 0;
            hosts.add(new Host((windows ? "WIN-" : "lnx-") + String.format("%05d", i),
                    "10.20." + (i / 250) + "." + (i % 250 + 1), windows));
        }
        // the roles, by index: patient zero and two victims on Windows, pool hosts on Linux
        Host w0 = hosts.get(4);
        Host w1 = hosts.get(10);
        Host w2 = hosts.get(16);
        Host l1 = hosts.get(3);
        Host l2 = hosts.get(7);
        Host l3 = hosts.get(11);
        Host stale = hosts.get(13);
        Host cut = hosts.get(15);
        Host blind = hosts.get(17);
        Host newer = hosts.get(19);
        Instant zero = now.minus(Duration.ofDays(1));
        for (int i = 0; i < count; i++) {
            Host h = hosts.get(i);
            Instant time = now.minusSeconds(count - i);
            List<ObjectNode> lines = new ArrayList<>();
            if (h == w0) {
                lines.addAll(module(h, time, zero));
                lines.addAll(smb(h, time, List.of(w1.ip(), w2.ip(), "10.99.0.7")));
            } else if (h == w1) {
                lines.addAll(module(h, time, zero.plus(Duration.ofMinutes(40))));
                lines.addAll(smb(h, time, List.of(w2.ip())));
            } else if (h == w2) {
                lines.addAll(module(h, time, zero.plus(Duration.ofMinutes(95))));
            } else if (h == l1) {
                lines.addAll(pool(h, time, zero.plus(Duration.ofMinutes(5)), true));
            } else if (h == l2) {
                lines.addAll(pool(h, time, zero.plus(Duration.ofMinutes(50)), false));
            } else if (h == l3) {
                // yesterday clean, today infected: the change feed shows it
                report(timer, h, time.minus(Duration.ofDays(1)), clean(h, time.minus(Duration.ofDays(1))), true,
                        VERSION, List.of(), 0);
                lines.addAll(pool(h, time, zero.plus(Duration.ofMinutes(70)), true));
            }
            lines.addAll(clean(h, time));
            Path folder = h.windows() ? share : timer;
            if (h == stale) {
                report(folder, h, time.minus(Duration.ofDays(5)), lines, true, VERSION, List.of(), 0);
            } else if (h == cut) {
                report(folder, h, time, lines, false, VERSION, List.of(), 0);
            } else if (h == blind) {
                report(folder, h, time, lines, true, VERSION, List.of("YARA unavailable: libyara not found; hash, "
                    + "file-name and address IOCs are still checked"), 3);
            } else {
                report(folder, h, time, lines, true, h == newer ? NEWER_VERSION : VERSION, List.of(), 0);
            }
        }
        List<String> bad = new ArrayList<>();
        if (badInput) {
            bad.addAll(badInput(share));
        }
        return new Planted(hosts.size(), List.of(w0.name(), w1.name(), w2.name()), List.of(l1.name(), l2.name(),
                l3.name()), List.of(l1.name(), l3.name()), w0.name(), List.of(w1.name(), w2.name(), "10.99.0.7"),
                l3.name(), stale.name(), cut.name(), blind.name(), newer.name(), bad);
    }

    /** What the planted fleet's answers must be. */
    public record Planted(int hosts, List<String> moduleHosts, List<String> poolHosts, List<String> sshKeyHosts,
                          String patientZero, List<String> patientZeroReached, String changedHost, String staleHost,
                          String cutHost, String blindHost, String newerHost, List<String> badFiles) {
    }

    private List<ObjectNode> clean(Host h, Instant time) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode t : template) {
            ObjectNode o = t.deepCopy();
            o.put("@timestamp", time.toString());
            ObjectNode host = (ObjectNode) o.get("host");
            if (host != null) {
                host.put("name", h.name());
                ((ObjectNode) host.with("os")).put("family", h.windows() ? "windows" : "linux");
            }
            // the host's own addresses: its sockets' local side
            if (o.has("source") && !o.path("source").path("ip").asText().startsWith("127.")
                    && !o.path("source").path("ip").asText().contains(":")
                    && !o.path("source").path("ip").asText().equals("0.0.0.0")) {
                ((ObjectNode) o.get("source")).put("ip", h.ip());
            }
            out.add(o);
        }
        // the responder's own session to the host: gives every host an address of its own
        out.add(records.socketFact(time, h, "ESTABLISHED", h.ip(), h.windows() ? 3389 : 22, "10.1.1.1", 51_234, 0));
        return out;
    }

    private List<ObjectNode> module(Host h, Instant time, Instant dropped) {
        long pid = 1200;
        ObjectNode a = records.alert(time, h, "windows.svchost.foreign-module",
                "Module in svchost that its services do not explain", 92, List.of("process", "file"),
                List.of(MODULE_PATH + " is loaded in svchost.exe (pid " + pid + ", -k netsvcs) and is unsigned",
                    "no service of svchost group netsvcs names it as its ServiceDll"));
        Records.process(a, pid, "svchost.exe", "C:\\Windows\\System32\\svchost.exe",
                "C:\\Windows\\system32\\svchost.exe -k netsvcs");
        Records.file(a, MODULE_PATH, 412_672, dropped, null, MODULE_SHA256);
        return List.of(a, records.processFact(time, h, pid, "svchost.exe", "C:\\Windows\\System32\\svchost.exe",
                dropped.plusSeconds(30)));
    }

    private List<ObjectNode> smb(Host h, Instant time, List<String> targets) {
        List<ObjectNode> out = new ArrayList<>();
        ObjectNode a = records.alert(time, h, "windows.smb-spread", "Mass outbound SMB connections (worm spreading)",
                88, List.of("network"), List.of("svchost.exe (pid 1200) holds " + targets.size()
                    + " connections to TCP 445 on " + targets.size() + " addresses"));
        Records.process(a, 1200, "svchost.exe", "C:\\Windows\\System32\\svchost.exe", null);
        Records.endpoint(a, "destination", targets.get(0), 445);
        out.add(a);
        int port = 49_700;
        for (String t : targets) {
            out.add(records.socketFact(time, h, "SYN_SENT", h.ip(), port++, t, 445, 1200));
        }
        return out;
    }

    /** Case 1: a miner on the pool; {@code alerted} false leaves only the connection fact (hidden owner). */
    private List<ObjectNode> pool(Host h, Instant time, Instant started, boolean alerted) {
        List<ObjectNode> out = new ArrayList<>();
        long pid = 10_273;
        out.add(records.processFact(time, h, pid, ".sh", "/usr/lib/mysql/.sh", started));
        out.add(records.socketFact(time, h, "ESTABLISHED", h.ip(), 43_122, POOL_IP, alerted ? 3333 : 443,
                alerted ? pid : 0));
        if (!alerted) {
            return out;
        }
        ObjectNode pool = records.alert(time, h, "network.pool-connection", "Connection to a mining pool or C2 address",
                90, List.of("network"), List.of("destination " + POOL_IP + " is listed: supportxmr mining pool"));
        Records.process(pool, pid, ".sh", "/usr/lib/mysql/.sh", "/usr/lib/mysql/.sh");
        Records.endpoint(pool, "source", h.ip(), 43_122);
        Records.endpoint(pool, "destination", POOL_IP, 3333);
        out.add(pool);
        ObjectNode hash = records.alert(time, h, "ioc.sweep", "File matches a hash IOC", 95, List.of("file"),
                List.of("/usr/lib/mysql/.sh has md5 " + DROPPER_MD5 + ", listed"));
        Records.file(hash, "/usr/lib/mysql/.sh", 2_187_104, started.minusSeconds(600), DROPPER_MD5, null);
        out.add(hash);
        ObjectNode cron = records.alert(time, h, "linux.persistence.suspicious-path", "Persistence runs a hidden file",
                80, List.of("configuration"), List.of("cron line runs /etc/.sh from a hidden path"));
        cron.putObject("file").put("path", "/var/spool/cron/crontabs/root");
        Records.persistence((ObjectNode) cron.get("ferret"), "cron", "/var/spool/cron/crontabs/root", "root",
                CRON_LINE, started.minusSeconds(300));
        out.add(cron);
        out.add(records.persistenceFact(time, h, "cron", "/var/spool/cron/crontabs/root", CRON_LINE,
                started.minusSeconds(300)));
        ObjectNode key = records.alert(time, h, "linux.access.ssh-key-added", "SSH key added for root", 75,
                List.of("authentication"), List.of("/root/.ssh/authorized_keys changed 2 hours ago",
                    "newest key, line 2: ssh-ed25519 " + SSH_KEY + " (deploy@build)"));
        key.putObject("file").put("path", "/root/.ssh/authorized_keys").put("mtime", started.minusSeconds(900)
                .toString());
        out.add(key);
        out.add(records.socketFact(time, h, "LISTEN", "0.0.0.0", 4444, null, 0, pid));
        return out;
    }

    private void report(Path folder, Host h, Instant time, List<ObjectNode> lines, boolean complete, String version,
                        List<String> notes, int denied) throws IOException {
        String stamp = time.toString().replace(":", "").replace("-", "");
        Path file = h.windows() ? folder.resolve(h.name() + "-" + stamp + ".jsonl")
                : folder.resolve("ferret-" + h.name() + "-" + stamp + ".jsonl.gz");
        try (Writer w = writer(file)) {
            for (ObjectNode o : lines) {
                w.write(json.writeValueAsString(o));
                w.write('\n');
            }
            if (complete) {
                w.write(json.writeValueAsString(records.state(time, h, version, notes, denied)));
                w.write('\n');
            } else {
                // the scan was cut off: half a line, no closing record
                String last = json.writeValueAsString(records.state(time, h, version, notes, denied));
                w.write(last.substring(0, last.length() / 2));
            }
        }
    }

    private static Writer writer(Path file) throws IOException {
        var raw = Files.newOutputStream(file);
        var stream = file.toString().endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw;
        return new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
    }

    /** A foreign JSON line and a truncated line in one file, a huge line in another. */
    private List<String> badInput(Path share) throws IOException {
        Path foreign = share.resolve("PRINTER-20261201T000000Z.jsonl");
        Files.writeString(foreign, "{\"printer\":\"out of toner\"}\n{\"@timestamp\":\"2026-12-01T00:00:00Z\",\"ev\n");
        Path huge = share.resolve("HUGE-20261201T000000Z.jsonl");
        try (Writer w = writer(huge)) {
            w.write("{\"@timestamp\":\"2026-12-01T00:00:00Z\",\"x\":\"");
            char[] chunk = new char[1 << 20];
            java.util.Arrays.fill(chunk, 'A');
            for (int i = 0; i < 17; i++) {
                w.write(chunk);
            }
            w.write("\"}\n");
        }
        return List.of(foreign.toString(), huge.toString());
    }

    /** {@code FleetGenerator TEMPLATE.jsonl DIR HOSTS}: writes a synthetic fleet (for bench/fleet.sh). */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: FleetGenerator TEMPLATE.jsonl DIR HOSTS");
            System.exit(2);
        }
        Planted p = new FleetGenerator(readTemplate(Path.of(args[0])), Instant.parse("2026-12-01T08:00:00Z"))
                .write(Path.of(args[1]), Integer.parseInt(args[2]), true);
        System.out.println(p);
    }
}

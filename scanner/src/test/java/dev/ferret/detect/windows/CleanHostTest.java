package dev.ferret.detect.windows;

import dev.ferret.collect.windows.WindowsFixture;
import dev.ferret.detect.Detector;
import dev.ferret.model.Finding;
import dev.ferret.model.Severity;
import dev.ferret.model.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.ferret.collect.windows.WindowsFixture.dump;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A clean Windows Server 2016 recording with the things real clean hosts have (a vendor-signed hook DLL in svchost,
 * a JVM's JIT code, an unsigned vendor service in Program Files, OneDrive in AppData, SMB open to the subnet with
 * SMBv1 off and srv.sys patched): nothing may be reported above low, by the Windows detectors or by the shared ones
 * a Windows scan runs.
 */
class CleanHostTest {
    @TempDir
    Path disk;

    @Test
    void nothingAboveLow() throws Exception {
        Snapshot s = WindowsFixture.collect(WindowsFixture.recording(WindowsFixture.CLEAN, disk));
        List<Detector> detectors = new ArrayList<>(WindowsDetectors.all());
        detectors.addAll(SharedDetectorsOnWindowsTest.shared());
        List<Finding> findings = WindowsFixture.detect(s, detectors);
        List<Finding> loud = findings.stream().filter(f -> f.severity().compareTo(Severity.LOW) > 0).toList();
        assertTrue(loud.isEmpty(), "above low on a clean host:\n" + dump(loud));
        // the verdict is still given, in coverage
        assertTrue(s.coverage().notes().stream().anyMatch(n -> n.startsWith("MS17-010: patched")),
                s.coverage().notes().toString());
        // and the expected low hints are there (a filter can drop them, a miss cannot be recovered)
        assertTrue(findings.stream().anyMatch(f -> f.ruleId().equals(SvchostModuleDetector.ID)
                && f.file().path().endsWith("cavhook64.dll")), dump(findings));
    }
}

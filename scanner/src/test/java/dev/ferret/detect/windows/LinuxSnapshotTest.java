package dev.ferret.detect.windows;

import dev.ferret.collect.windows.WindowsFixture;
import dev.ferret.model.Coverage;
import dev.ferret.model.Endpoint;
import dev.ferret.model.Snapshot;
import dev.ferret.model.SocketInfo;
import dev.ferret.model.windows.WindowsFacts;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Windows detectors on a snapshot without Windows facts (a Linux scan): quiet, except the OS-neutral SMB spread. */
class LinuxSnapshotTest {
    @Test
    void windowsDetectorsStayQuietWithoutWindowsFacts() {
        Snapshot s = new Snapshot(Path.of("/"), true, new Coverage());
        assertTrue(WindowsFacts.find(s).isEmpty());
        assertTrue(WindowsFixture.detect(s, WindowsDetectors.all()).isEmpty());
        assertTrue(WindowsFacts.find(s).isEmpty(), "detectors never create the facts");
    }

    @Test
    void smbSpreadJudgesAnySnapshotsSockets() {
        Snapshot s = new Snapshot(Path.of("/"), true, new Coverage());
        List<SocketInfo> sockets = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            sockets.add(new SocketInfo("tcp", 4, new Endpoint("10.0.0.9", 40000 + i), new Endpoint("10.0.1." + i, 445),
                    "SYN_SENT", 0, 1000 + i, List.of(777)));
        }
        s.addSockets(sockets);
        var findings = WindowsFixture.detect(s, List.of(new SmbSpreadDetector()));
        assertEquals(1, findings.size());
        assertEquals(777, findings.get(0).process().pid());
    }
}

package dev.ferret.detect.windows;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferret.collect.windows.WindowsFixture;
import dev.ferret.model.Finding;
import dev.ferret.model.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A DLL loaded from a user-writable folder is named with its process; System32 modules and the image are not. */
class UserWritableModuleTest {
    @TempDir
    Path disk;

    @Test
    void aModuleFromUsersPublicIsReportedAgainstItsProcess() throws Exception {
        String dll = "C:\\Users\\Public\\Libraries\\msvcupd.dll";
        Snapshot s = WindowsFixture.collect(WindowsFixture.recording(WindowsFixture.CASE2, disk, j -> {
            ((ArrayNode) j.with("modules").get("2236")).addObject().put("base", "0x10000000").put("size", 65536)
                    .put("path", dll).put("mapped", dll);
            ((ObjectNode) j.with("files")).putObject(dll).put("readable", true).putObject("signature")
                    .put("status", "UNSIGNED");
        }));
        List<Finding> modules = WindowsFixture.detect(s, List.of(new ProcessLocationDetector())).stream()
                .filter(f -> f.ruleName().startsWith("Module")).toList();
        assertEquals(1, modules.size(), WindowsFixture.dump(modules));
        Finding f = modules.get(0);
        assertEquals(2236, f.process().pid());
        assertEquals(dll, f.file().path());
        assertTrue(WindowsFixture.evidence(f, "shared Public profile"), WindowsFixture.dump(modules));
    }

    @Test
    void theRecordedHostsOwnModulesGiveNoModuleFinding() throws Exception {
        Snapshot s = WindowsFixture.collect(WindowsFixture.recording(WindowsFixture.CASE2, disk));
        assertTrue(WindowsFixture.detect(s, List.of(new ProcessLocationDetector())).stream()
                .noneMatch(f -> f.ruleName().startsWith("Module")), "the miner's own image is judged as a process only");
    }
}

package dev.ferret.collect.files;

import dev.ferret.collect.CollectOptions;
import dev.ferret.data.DetectionData;
import dev.ferret.model.Coverage;
import dev.ferret.model.FileEntry;
import dev.ferret.model.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocationSweepTest {
    @Test
    void listsSystemTempAndHiddenFilesOfTheTreeOnly(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("usr/lib/mysql"));
        Files.createDirectories(root.resolve("tmp"));
        Files.createDirectories(root.resolve("root/.bashtemp"));
        Files.createDirectories(root.resolve("root/.m2/repository"));
        Files.writeString(root.resolve("usr/lib/mysql/.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(root.resolve("usr/lib/mysql/.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(root.resolve("usr/lib/libok.so"), "data");
        Files.writeString(root.resolve("root/.bashtemp/x"), "miner");
        Files.writeString(root.resolve("root/.m2/repository/big.jar"), "skipped tree");
        // links must not be followed out of the tree, FIFOs never opened
        Files.createSymbolicLink(root.resolve("tmp/passwd-link"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(root.resolve("usr/lib/loop"), root.resolve("usr/lib"));
        Process mkfifo = new ProcessBuilder("mkfifo", root.resolve("tmp/fifo").toString()).start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0);

        Snapshot snapshot = new Snapshot(root, false, new Coverage());
        new LocationSweep(SweepLocations.builtIn(), DetectionData.builtIn().thresholds())
                .collect(snapshot, CollectOptions.defaults());
        Map<String, FileEntry> byPath = snapshot.files().stream()
                .collect(Collectors.toMap(FileEntry::path, Function.identity()));

        FileEntry hidden = byPath.get("/usr/lib/mysql/.sh");
        assertEquals("system", hidden.location());
        assertTrue(hidden.hidden() && hidden.executable());
        assertFalse(byPath.get("/usr/lib/libok.so").hidden());
        assertEquals("hidden", byPath.get("/root/.bashtemp/x").location());
        assertFalse(byPath.containsKey("/root/.m2/repository/big.jar"), "tool caches are skipped");
        assertFalse(byPath.containsKey("/tmp/passwd-link"));
        assertFalse(byPath.containsKey("/tmp/fifo"));
        assertTrue(byPath.keySet().stream().allMatch(p -> p.startsWith("/") && !p.startsWith(root.toString())));
        assertEquals(3, snapshot.coverage().counter("files", "files listed"));
    }
}

package dev.ferret.collect.windows;

import dev.ferret.data.DataFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Default Windows sweep roots: variables, "*" levels, nesting and recent-only folders, on a real directory tree. */
class WindowsSweepRootsTest {
    @TempDir
    Path drive;

    @Test
    void rootsExpandListAndCollapse() throws Exception {
        Path users = drive.resolve("Users");
        Files.createDirectories(users.resolve("alice/AppData/Roaming"));
        Files.createDirectories(users.resolve("bob/AppData/Local/Temp"));
        Files.createDirectories(users.resolve("carol")); // no AppData: not a root
        Path system32 = Files.createDirectories(drive.resolve("Windows/System32"));
        Path fresh = Files.writeString(system32.resolve("wmisvc32.dll"), "MZ");
        Path old = Files.writeString(system32.resolve("kernel32.dll"), "MZ");
        Instant now = Instant.parse("2026-12-05T00:00:00Z");
        Files.setLastModifiedTime(fresh, FileTime.from(now.minus(Duration.ofDays(2))));
        Files.setLastModifiedTime(old, FileTime.from(now.minus(Duration.ofDays(400))));
        Map<String, String> env = Map.of("SystemDrive", drive.toString(), "SystemRoot", drive.resolve("Windows").toString(),
                "TEMP", users.resolve("bob/AppData/Local/Temp").toString());
        List<String> roots = WindowsSweepRoots.resolve(List.of("%TEMP%", "%APPDATA%", "%SystemDrive%/Users/*/AppData",
                "%SystemRoot%/System32 recent-days=14"), env::get, now);
        assertEquals(List.of(users.resolve("alice/AppData").toString(), users.resolve("bob/AppData").toString(),
                fresh.toString()), roots, "TEMP is inside bob's AppData; APPDATA is unset; only the fresh DLL");
    }

    @Test
    void theShippedListNamesTheUsualPlaces() {
        List<String> lines = DataFileReader.readResource(WindowsSweepRoots.RESOURCE).stream().map(l -> l.text()).toList();
        for (String expected : List.of("%TEMP%", "%APPDATA%", "%ProgramData%", "%SystemDrive%\\Users\\*\\AppData")) {
            assertTrue(lines.contains(expected), expected + " in " + lines);
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("%SystemRoot%\\System32 recent-days=")));
        assertFalse(WindowsSweepRoots.expand("%NOPE%\\x", n -> null).isPresent());
        List<String> temp = DataFileReader.readResource(WindowsSweepRoots.LOCATIONS).stream().map(l -> l.text()).toList();
        assertTrue(temp.containsAll(List.of("temp;%TEMP%", "temp;%LOCALAPPDATA%\\Temp", "temp;%SystemRoot%\\Temp")), temp.toString());
    }
}

package dev.ferret.os;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlatformTest {
    @Test
    void theJvmsOsNamesMapToOnePlatform() {
        assertEquals(Platform.LINUX, Platform.ofOsName("Linux"));
        assertEquals(Platform.WINDOWS, Platform.ofOsName("Windows Server 2019"));
        assertEquals(Platform.WINDOWS, Platform.ofOsName("windows 10"));
        // a name merely containing "win" is not Windows (one old spelling used contains("win"))
        assertEquals(Platform.OTHER, Platform.ofOsName("Darwin"));
        assertEquals(Platform.OTHER, Platform.ofOsName("Mac OS X"));
        assertEquals(Platform.OTHER, Platform.ofOsName(null));
    }

    @Test
    void familyIsTheEcsValue() {
        assertEquals("windows", Platform.WINDOWS.family());
        assertEquals("linux", Platform.LINUX.family());
    }

    @Test
    void thisBuildRunsOnLinux() {
        // the build environment is Linux; Windows code paths are tested on recordings
        assertTrue(Platform.isLinux(), Platform.describe());
    }
}

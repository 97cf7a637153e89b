package dev.ferret.os.host;

import java.time.Instant;

/**
 * What the running system says about itself: name, OS release, processors, boot time. The scanner reads these
 * through this interface only; the library that answers (OSHI today) stays inside the native module.
 */
public interface LiveHost {
    /** The host name the system reports. */
    String hostName();

    /** OS family and version, e.g. "Ubuntu 24.04.1 LTS (Noble Numbat)" or "Windows Server 2019 10.0". */
    String osName();

    /** The OS build number; null when the system has none. */
    String osBuild();

    int logicalProcessors();

    /** When the system booted. */
    Instant bootTime();

    /** The live system this JVM runs on. */
    static LiveHost current() {
        return new OshiLiveHost();
    }
}

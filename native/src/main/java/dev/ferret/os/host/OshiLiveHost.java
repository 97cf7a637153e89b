package dev.ferret.os.host;

import oshi.SystemInfo;
import oshi.software.os.OperatingSystem;

import java.time.Instant;

/** {@link LiveHost} answered by OSHI, which reads /proc and /etc on Linux and WMI/registry on Windows. */
final class OshiLiveHost implements LiveHost {
    private final SystemInfo system = new SystemInfo();
    private final OperatingSystem os = system.getOperatingSystem();

    @Override
    public String hostName() {
        return os.getNetworkParams().getHostName();
    }

    @Override
    public String osName() {
        return os.getFamily() + " " + os.getVersionInfo().getVersion();
    }

    @Override
    public String osBuild() {
        return os.getVersionInfo().getBuildNumber();
    }

    @Override
    public int logicalProcessors() {
        return system.getHardware().getProcessor().getLogicalProcessorCount();
    }

    @Override
    public Instant bootTime() {
        return Instant.ofEpochSecond(os.getSystemBootTime());
    }
}

package dev.ferret.collect;

import dev.ferret.collect.linux.ProcFiles;
import dev.ferret.model.HostInfo;
import dev.ferret.model.Snapshot;
import dev.ferret.os.Platform;
import dev.ferret.os.host.LiveHost;

import java.io.IOException;

/**
 * The host being examined: through the native module's {@link LiveHost} on a live system, from the image's own
 * /etc on a --root scan (the live host's name must never be reported as the image's).
 */
public final class HostCollector implements Collector {
    @Override
    public String area() {
        return "host";
    }

    @Override
    public boolean liveOnly() {
        return false;
    }

    @Override
    public void collect(Snapshot snapshot, CollectOptions options) {
        snapshot.host(snapshot.live() ? live() : offline(snapshot));
    }

    private static HostInfo live() {
        LiveHost host = LiveHost.current();
        return new HostInfo(host.hostName(), Platform.current().family(), host.osName(), host.osBuild(),
                System.getProperty("os.arch"), host.logicalProcessors(), host.bootTime());
    }

    private static HostInfo offline(Snapshot snapshot) {
        String name = firstLine(snapshot, "/etc/hostname", "unknown");
        String osName = "unknown";
        try {
            for (String line : ProcFiles.readRegular(snapshot.hostPath("/etc/os-release"), 64 * 1024).split("\n")) {
                if (line.startsWith("PRETTY_NAME=")) {
                    osName = line.substring(12).replace("\"", "").strip();
                }
            }
        } catch (IOException e) {
            snapshot.coverage().gap("host", "no /etc/os-release in the image", "/etc/os-release");
        }
        return new HostInfo(name, "linux", osName, null, null, 0, null);
    }

    private static String firstLine(Snapshot snapshot, String path, String fallback) {
        try {
            String text = ProcFiles.readRegular(snapshot.hostPath(path), 4096).strip();
            return text.isEmpty() ? fallback : text.lines().findFirst().orElse(fallback);
        } catch (IOException e) {
            return fallback;
        }
    }
}

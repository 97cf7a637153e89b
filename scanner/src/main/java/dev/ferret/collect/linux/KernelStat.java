package dev.ferret.collect.linux;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/** Host-wide CPU totals and boot time from /proc/stat. */
public record KernelStat(long busyTicks, Instant bootTime) {

    public static KernelStat read(Path proc) throws IOException {
        long busy = -1;
        Instant boot = null;
        for (String line : ProcFiles.read(proc.resolve("stat")).split("\n")) {
            if (line.startsWith("cpu ")) {
                String[] f = line.substring(4).strip().split("\\s+");
                // user + nice + system: time that processes account for; irq, softirq and steal are not
                // charged to any process, and guest time is already inside user
                busy = Long.parseLong(f[0]) + Long.parseLong(f[1]) + Long.parseLong(f[2]);
            } else if (line.startsWith("btime ")) {
                boot = Instant.ofEpochSecond(Long.parseLong(line.substring(6).strip()));
            }
        }
        if (busy < 0) {
            throw new IOException("no cpu line in " + proc.resolve("stat"));
        }
        return new KernelStat(busy, boot);
    }
}

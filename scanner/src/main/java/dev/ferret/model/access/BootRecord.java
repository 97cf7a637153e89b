package dev.ferret.model.access;

import java.time.Instant;

/**
 * A boot (or shutdown) of the host, from wtmp's reboot/shutdown records, the kernel's first syslog line or the
 * journal's boot list. Tells whether the host was up during a silence in its logs.
 *
 * @param shutdown true for a shutdown record, false for a boot
 * @param source   where it was read ("/var/log/wtmp#12", "journal boot 3f2a...", "/var/log/syslog:1")
 */
public record BootRecord(Instant time, boolean shutdown, String source) {
}

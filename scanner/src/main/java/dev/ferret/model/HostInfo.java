package dev.ferret.model;

import java.time.Instant;

/** The scanned host. {@code bootTime} is null offline. */
public record HostInfo(String name, String osFamily, String osName, String kernel, String architecture,
                       int logicalCpus, Instant bootTime) {
}

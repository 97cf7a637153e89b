package dev.ferret.model.access;

import java.time.Instant;

/** A user's last login as lastlog recorded it (one 292-byte record per uid). */
public record LastLogEntry(int uid, String user, Instant time, String terminal, String source) {
}

package dev.ferret.model.access;

import java.time.Instant;

/**
 * One successful login, as a login record (wtmp), a log line (sshd's "Accepted ...") or a journal entry said it.
 * Failed logins are many and are kept as {@link FailureSummary} per source instead.
 *
 * @param source      the remote address or host name the login came from; empty for local logins
 * @param service     "sshd", "login", ... when known; null for wtmp records
 * @param method      "password", "publickey", ... when the log says; null otherwise
 * @param terminal    the tty/pts line (wtmp) when known
 * @param fingerprint the key's "SHA256:..." fingerprint for public-key logins, when logged
 * @param channel     where it was read: "wtmp", "auth-log", "syslog", "journal"
 * @param origin      file and line or record number, for evidence ("/var/log/auth.log:1234", "/var/log/wtmp#17")
 */
public record LoginEvent(Instant time, String user, String source, String service, String method, String terminal,
                         String fingerprint, String channel, String origin) {
    /** True when the login came from another machine (a non-empty, non-loopback source). */
    public boolean remote() {
        return source != null && !source.isEmpty() && !Addresses.loopback(source) && !source.startsWith(":");
    }
}

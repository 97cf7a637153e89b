package dev.ferret.collect.linux.access;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what sshd, PAM and the kernel say about logins and boots in syslog messages (the same text is in auth.log,
 * secure, messages and the journal's MESSAGE field). One instance per stream of messages: it remembers which sshd
 * connections already counted an "Invalid user" line, so a connection is not counted twice when the "Failed password
 * for invalid user" line follows.
 */
final class AuthMessages {
    /** What one message said. */
    sealed interface Event permits Success, Failure, Boot {
    }

    /** A successful login ("Accepted password for root from 203.0.113.5 port 50122 ssh2"). */
    record Success(String user, String source, String method, String fingerprint, String service) implements Event {
    }

    /** {@code times} failed attempts (more than one when syslog compressed repeats). */
    record Failure(String user, String source, long times, String service) implements Event {
    }

    /** The kernel's first line of a boot. */
    record Boot() implements Event {
    }

    private static final Pattern ACCEPTED = Pattern.compile(
            "^Accepted (\\S+) for (.+?) from (\\S+) port \\d+(?: [^\\s:]+)?(?:: (\\S+) (SHA256:\\S+|[0-9a-f:]{47}))?.*$");
    private static final Pattern FAILED = Pattern.compile(
            "^Failed (\\S+) for (invalid user )?(.*?) from (\\S+) port \\d+.*$");
    private static final Pattern INVALID = Pattern.compile("^Invalid user (.*?) from (\\S+)(?: port \\d+)?\\s*$");
    private static final Pattern REPEATED = Pattern.compile("^message repeated (\\d{1,9}) times: \\[ ?(.*?)\\]?$");
    private static final Pattern PAM_FAILURE = Pattern.compile(
            "^pam_unix\\(([^:)]+):auth\\): authentication failure;.*?rhost=(\\S*)(?:\\s+user=(\\S+))?.*$");
    private static final int MAX_PENDING = 4096;

    private final Map<Integer, Boolean> invalidCounted = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Boolean> eldest) {
            return size() > MAX_PENDING;
        }
    };

    /** The event in one message of {@code program}, or null when it says nothing about logins or boots. */
    Event parse(String program, int pid, String message) {
        if (program.equals("kernel")) {
            return message.contains("Linux version ") && (message.startsWith("Linux version ")
                    || message.matches("^\\[\\s*0\\.0+\\] Linux version .*")) ? new Boot() : null;
        }
        if (program.startsWith("sshd")) {
            return sshd(pid, message, 1);
        }
        Matcher p = PAM_FAILURE.matcher(message);
        if (p.matches() && !p.group(1).startsWith("sshd") && !p.group(2).isEmpty()) {
            return new Failure(p.group(3) == null ? "" : p.group(3), p.group(2), 1, p.group(1));
        }
        return null;
    }

    private Event sshd(int pid, String message, long times) {
        Matcher m = ACCEPTED.matcher(message);
        if (m.matches()) {
            return new Success(m.group(2), m.group(3), m.group(1), m.group(5), "sshd");
        }
        m = INVALID.matcher(message);
        if (m.matches()) {
            if (pid > 0) {
                invalidCounted.put(pid, Boolean.TRUE);
            }
            return new Failure(m.group(1), m.group(2), times, "sshd");
        }
        m = FAILED.matcher(message);
        if (m.matches()) {
            if (m.group(2) != null && pid > 0 && invalidCounted.remove(pid) != null) {
                // the "Invalid user" line of this connection already counted this attempt
                return times > 1 ? new Failure(m.group(3), m.group(4), times - 1, "sshd") : null;
            }
            return new Failure(m.group(3), m.group(4), times, "sshd");
        }
        m = REPEATED.matcher(message);
        if (m.matches() && times == 1) {
            long n = Long.parseLong(m.group(1));
            return sshd(-1, m.group(2), n);
        }
        return null;
    }
}

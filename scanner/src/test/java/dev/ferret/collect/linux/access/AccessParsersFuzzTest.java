package dev.ferret.collect.linux.access;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ferret.fuzz.Bounded;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of the login-record parsers: utmp/wtmp/btmp records (binary, fixed layout: a record is
 * read only where it lies whole inside the bytes) and auth log lines (syslog header with or without a year, then
 * what sshd/PAM/the kernel said), walked the way {@link SyslogCollector} walks them. Neither has a "bad input"
 * exception: odd bytes give implausible records, null lines or null events.
 */
class AccessParsersFuzzTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @FuzzTest(maxDuration = "20s")
    void utmpRecords(byte[] input) throws Exception {
        Bounded.run("utmp", () -> {
            ByteBuffer buf = ByteBuffer.wrap(input);
            Utmp.Layout layout = Utmp.detect(buf, input.length);
            assertNotNull(layout);
            for (int off = 0; off + layout.size <= input.length; off += layout.size) {
                Utmp.Record r = Utmp.parse(buf, off, layout);
                assertTrue(r.line().length() <= 32 && r.user().length() <= 32 && r.host().length() <= 256,
                        "fields stay inside their slots");
                if (r.plausible() && r.time() != null) {
                    assertTrue(r.time().getEpochSecond() < 4_102_444_800L, "time " + r.time());
                }
            }
        });
    }

    @FuzzTest(maxDuration = "20s")
    void authLogLines(byte[] input) throws Exception {
        String text = new String(input, StandardCharsets.UTF_8);
        Bounded.run("auth log", () -> {
            YearTracker years = new YearTracker(2024);
            AuthMessages messages = new AuthMessages();
            for (String line : text.split("\n", -1)) {
                for (ZoneId zone : new ZoneId[] {ZoneOffset.UTC, BERLIN}) {
                    SyslogLine l = SyslogLine.parse(line, zone);
                    if (l == null) {
                        continue;
                    }
                    if (l.yearless()) {
                        assertTrue(l.month >= 1 && l.month <= 12, "month " + l.month);
                        int year = years.year(l.month, l.day, l.second);
                        YearTracker.instant(year, l.month, l.day, l.second, zone); // null for Feb 30: no throw
                    }
                    messages.parse(l.program, l.pid, l.message);
                }
            }
        });
        // a hostile user name (the attacker picks it at the login prompt) never hides the source address
        String user = text.replace("\n", " ").replace("\r", " ");
        AuthMessages.Event e = new AuthMessages().parse("sshd", 99,
                "Failed password for invalid user " + user + " from 198.51.100.7 port 4242 ssh2");
        if (e instanceof AuthMessages.Failure f) {
            assertTrue(f.source().equals("198.51.100.7") || user.contains(" from "), f.toString());
        }
    }
}

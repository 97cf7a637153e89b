package dev.ferret.exposure;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hostile, truncated and random replies: "unknown" with a reason, never an exception. */
class ParserFuzzTest {
    private static SmbConversation.Outcome talk(byte[] serverBytes) {
        return SmbConversation.smb1(new ByteArrayInputStream(serverBytes), OutputStream.nullOutputStream(),
                "192.0.2.1", false);
    }

    private static void assertUnknownWithReason(byte[] bytes, String label) {
        SmbConversation.Outcome o = talk(bytes);
        Verdict v = Verdict.judge(true, o);
        assertEquals(Verdict.UNKNOWN, v, label + ": " + o);
        assertNotNull(o.smb1Detail(), label);
        assertFalse(o.smb1Detail().isBlank(), label);
        if (o.ms17010() != SmbConversation.Check.NOT_RUN) {
            assertTrue(o.ms17010() != SmbConversation.Check.NEGATIVE || o.implant() != SmbConversation.Check.NEGATIVE,
                    label);
        }
    }

    @Test
    void recordedConversationsGiveTheirVerdicts() {
        assertEquals(Verdict.PATCHED, Verdict.judge(true, talk(SmbReplies.conversation(
                SmbWire.STATUS_INVALID_HANDLE, false))));
        assertEquals(Verdict.PATCHED, Verdict.judge(true, talk(SmbReplies.conversation(
                SmbWire.STATUS_ACCESS_DENIED, false))));
        assertEquals(Verdict.EXPOSED, Verdict.judge(true, talk(SmbReplies.conversation(
                SmbWire.STATUS_INSUFF_SERVER_RESOURCES, false))));
        assertEquals(Verdict.BACKDOORED, Verdict.judge(true, talk(SmbReplies.conversation(
                SmbWire.STATUS_INVALID_HANDLE, true))));
        assertEquals(Verdict.UNKNOWN, Verdict.judge(true, talk(SmbReplies.conversation(0xC00000BB, false))));
        assertEquals(Verdict.CLOSED, Verdict.judge(false, null));
        assertEquals(Verdict.UNKNOWN, Verdict.judge(true, null));
    }

    @Test
    void everyTruncationOfAPatchedHostIsUnknown() {
        byte[] full = SmbReplies.conversation(SmbWire.STATUS_INVALID_HANDLE, false);
        for (int n = 0; n < full.length; n++) {
            assertUnknownWithReason(Arrays.copyOf(full, n), "truncated at " + n);
        }
    }

    @Test
    void randomGarbageIsUnknown() {
        Random r = new Random(0xFE22E7L);
        for (int i = 0; i < 5000; i++) {
            byte[] b = new byte[r.nextInt(300)];
            r.nextBytes(b);
            if (i % 3 == 0 && b.length >= 8) { // a plausible frame start, so the SMB parser itself is reached
                b[0] = 0;
                b[1] = 0;
                b[4] = (byte) (r.nextBoolean() ? 0xFF : 0xFE);
                b[5] = 'S';
                b[6] = 'M';
                b[7] = 'B';
            }
            assertUnknownWithReason(b, "random case " + i);
        }
    }

    @Test
    void mutatedRepliesNeverThrow() {
        Random r = new Random(42);
        byte[][] bases = {SmbReplies.conversation(SmbWire.STATUS_INVALID_HANDLE, false),
            SmbReplies.conversation(SmbWire.STATUS_INSUFF_SERVER_RESOURCES, true)};
        for (int i = 0; i < 5000; i++) {
            byte[] b = bases[i % 2].clone();
            int flips = 1 + r.nextInt(6);
            for (int k = 0; k < flips; k++) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
            SmbConversation.Outcome o = talk(b);
            Verdict v = Verdict.judge(true, o);
            assertNotNull(v);
            if (v == Verdict.UNKNOWN) {
                String why = o.smb1Detail() + o.ms17010Detail() + o.implantDetail();
                assertFalse(why.isBlank(), "case " + i);
            }
        }
    }

    @Test
    void lengthFieldsAreNeverTrusted() {
        byte[] neg = SmbReplies.negotiate();
        // NetBIOS length far beyond the packet
        byte[] longer = neg.clone();
        longer[1] = 0x01;
        longer[2] = (byte) 0xFF;
        longer[3] = (byte) 0xFF;
        SmbConversation.Outcome o = talk(longer);
        assertEquals(Verdict.UNKNOWN, Verdict.judge(true, o));
        assertTrue(o.smb1Detail().contains("claims 131071 bytes"), o.smb1Detail());
        // within the limit but more than was sent
        byte[] more = neg.clone();
        more[2] = 0x10;
        o = talk(more);
        assertTrue(o.smb1Detail().contains("closed the connection"), o.smb1Detail());
        // zero-length message
        o = talk(new byte[] {0, 0, 0, 0});
        assertEquals(Verdict.UNKNOWN, Verdict.judge(true, o));
        assertTrue(o.smb1Detail().contains("zero-length"), o.smb1Detail());
        // SMB word count larger than the message
        byte[] wc = neg.clone();
        wc[4 + 32] = (byte) 0xFF;
        o = talk(wc);
        assertTrue(o.smb1Detail().contains("word count 255 runs past"), o.smb1Detail());
        // nothing at all
        o = talk(new byte[0]);
        assertTrue(o.smb1Detail().contains("closed the connection"), o.smb1Detail());
    }

    @Test
    void parseNeverThrowsOnAnyPrefix() {
        Random r = new Random(7);
        for (int i = 0; i < 20000; i++) {
            byte[] b = new byte[r.nextInt(140)];
            r.nextBytes(b);
            if (b.length >= 4 && r.nextBoolean()) {
                b[0] = (byte) (r.nextBoolean() ? 0xFF : 0xFE);
                b[1] = 'S';
                b[2] = 'M';
                b[3] = 'B';
            }
            SmbReply reply = SmbReply.parse(b);
            assertNotNull(reply);
            reply.word(r.nextInt(300) - 5);
        }
        assertFalse(SmbReply.parse(null).ok());
    }
}

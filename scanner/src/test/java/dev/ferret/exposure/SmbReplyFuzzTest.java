package dev.ferret.exposure;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ferret.fuzz.Bounded;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of what a scanned SMB server sends back (the random and mutated inputs of
 * {@link ParserFuzzTest} stay as a fixed-seed baseline). Invariants: {@link SmbReply#parse} never throws and
 * never reads past the bytes it was given (the array is exactly the received bytes, so a length field that
 * points past it would throw); {@link SmbWire#readFrame} answers only with an {@link IOException}; a whole
 * conversation ends in a verdict with a reason.
 */
class SmbReplyFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void reply(byte[] input) throws Exception {
        Bounded.run("SmbReply", () -> {
            SmbReply r = SmbReply.parse(input);
            assertNotNull(r);
            assertTrue(r.ok() || !r.problem().isBlank(), "a bad reply says why");
            assertTrue(r.words().length <= Math.max(0, input.length - 33), "words come from inside the reply");
            // the same bytes followed by junk parse to the same header: nothing was read past the end
            SmbReply padded = SmbReply.parse(Arrays.copyOf(input, input.length + 64));
            if (r.ok()) {
                assertEquals(r.status(), padded.status());
                assertEquals(r.command(), padded.command());
            }
        });
    }

    @FuzzTest(maxDuration = "20s")
    void frame(byte[] input) throws Exception {
        Bounded.run("SmbWire.readFrame", () -> {
            int[] type = new int[1];
            try {
                byte[] body = SmbWire.readFrame(new ByteArrayInputStream(input), type);
                assertTrue(body.length <= input.length - 4, "a frame never holds more than was received");
            } catch (IOException expected) {
                // BadReply or a short read: the documented answer
            }
        });
    }

    @FuzzTest(maxDuration = "20s")
    void conversation(byte[] input) throws Exception {
        Bounded.run("SmbConversation", () -> {
            SmbConversation.Outcome o = SmbConversation.smb1(new ByteArrayInputStream(input),
                    OutputStream.nullOutputStream(), "192.0.2.1", false);
            assertNotNull(o.smb1Detail());
            assertFalse(o.smb1Detail().isBlank());
            assertNotNull(Verdict.judge(true, o));
        });
    }
}

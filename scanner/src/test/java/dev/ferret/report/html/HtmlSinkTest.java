package dev.ferret.report.html;

import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlSinkTest {
    private static String render(int extra) throws Exception {
        StringWriter out = new StringWriter();
        new HtmlSink().write(SyntheticScans.of(extra), out);
        return out.toString();
    }

    @Test
    void hostStringsCannotInjectMarkupOrScript() throws Exception {
        String html = render(0);
        assertEquals(1, count(html, "<script"), "only ferret's own script");
        assertFalse(html.contains("<script>alert"), "a file name became a script element");
        assertFalse(html.contains("<b>bold</b>"), "the host name became markup");
        assertFalse(html.contains("\"onmouseover="), "a process name broke out of an attribute");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                || html.contains("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;"), "the name is shown, escaped");
        assertTrue(html.contains("&quot;onmouseover=alert(1) x=&quot;"), "the name is shown, escaped");
        // an escape sequence or a bidi override is shown, not obeyed
        assertFalse(html.contains("\u001b") || html.contains("\u202e"));
        assertTrue(html.contains("\\x1b[2J\\u202e"), "control characters are made visible");
        assertEquals("bad\\xff", VisibleText.of("bad" + (char) (0xf700 + 0xff)), "a raw byte is shown as the byte");
    }

    @Test
    void selfContainedWithTheScriptPinnedByHash() throws Exception {
        String html = render(5);
        for (String external : new String[] {"<link", "src=", "http-equiv=\"refresh\"", "@import", "url("}) {
            assertFalse(html.contains(external), "external reference: " + external);
        }
        Matcher csp = Pattern.compile("script-src '(sha256-[^']+)'").matcher(html);
        assertTrue(csp.find(), "a Content-Security-Policy pins the script");
        Matcher script = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertTrue(script.find());
        String hash = "sha256-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(script.group(1).getBytes(StandardCharsets.UTF_8)));
        assertEquals(csp.group(1), hash, "the policy's hash must match the inline script or the browser blocks it");
    }

    @Test
    void summaryChainGraphAndTimelineAreThere() throws Exception {
        String html = render(0);
        assertTrue(html.contains("Compromise likely"), "verdict");
        assertTrue(html.contains("not examined: needs root"), "what was not examined");
        for (String kind : new String[] {"persistence", "file", "process", "connection"}) {
            assertTrue(html.contains("class=\"node node-" + kind + "\""), "chain graph lacks a " + kind + " node");
        }
        assertTrue(html.contains("remove line 1 of /var/spool/cron/root"), "response steps beside the graph");
        int cron = html.indexOf("<time>2026-03-10 10:06:31Z</time>");
        int drop = html.indexOf("<time>2026-03-10 10:07:31Z</time>");
        assertTrue(cron > 0 && drop > cron, "timeline in order: cron changed, then the file dropped");
    }

    @Test
    void thousandsOfFindingsAreGroupedAndLowOnesCollapsed() throws Exception {
        String html = render(3000);
        assertEquals(3 + 1 + 1 + 1, count(html, "<details class=\"group"), "one group per rule");
        assertTrue(html.contains("800 more like these"), "rows per group are bounded");
        Matcher low = Pattern.compile("<details class=\"group sev-low\"[^>]*>").matcher(html);
        assertTrue(low.find());
        assertFalse(low.group().contains(" open"), "low severities start collapsed: " + low.group());
        Matcher high = Pattern.compile("<details class=\"group sev-critical\"[^>]*>").matcher(html);
        assertTrue(high.find() && high.group().contains(" open"), "critical ones start open");
        assertTrue(html.length() < 3_000_000, "size " + html.length());
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}

package dev.ferret.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferret.report.html.HtmlSink;
import dev.ferret.report.html.SyntheticScans;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTML report in a real browser: Debian's headless Chromium, driven over the DevTools protocol. A real
 * {@code ferret scan} of the case-1 tree (with markup-shaped file names planted) writes JSON Lines and HTML;
 * the page must load without console errors (a CSP violation is one), show the planted chain's nodes, filter,
 * and contain no element or handler smuggled in a name. Screenshots go to target/browser/. Also measures a
 * 3,000-finding report's size and render time. Slow and needs chromium: run by .ci/suites/30-browser.sh.
 */
@Tag("browser")
@EnabledIfSystemProperty(named = "ferret.browser", matches = "true")
class BrowserReportIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path ARTEFACTS = Path.of("target", "browser");
    private static final String IMG_NAME = "<img src=x onerror=window.__xss=1>";
    private static final String ATTR_NAME = "\"onmouseover=window.__xss=2 x=\"";
    @TempDir
    Path work;
    private Process chromium;
    private Cdp page;

    @AfterEach
    void stop() throws Exception {
        if (page != null) {
            page.close();
        }
        if (chromium != null) {
            chromium.descendants().forEach(ProcessHandle::destroy);
            chromium.destroy();
            if (!chromium.waitFor(10, TimeUnit.SECONDS)) {
                chromium.destroyForcibly();
            }
        }
    }

    @Test
    void caseOneReportRendersFiltersAndResistsInjection() throws Exception {
        LinuxTree tree = new LinuxTree(Files.createDirectories(work.resolve("image")));
        CaseOneTree.write(tree, Path.of("/bin/true").toRealPath());
        tree.copyOf(Path.of("/bin/true").toRealPath(), "/tmp/.x/" + IMG_NAME, "rwxr-xr-x");
        tree.copyOf(Path.of("/bin/true").toRealPath(), "/tmp/.x/" + ATTR_NAME, "rwxr-xr-x");
        Path out = Files.createDirectories(work.resolve("reports"));
        FerretRun run = Ferret.run(work, "scan", "--root", tree.root().toString(), "--output", out.toString(),
                "--format", "jsonl,html");
        assertEquals(1, run.exitCode(), run.toString());
        Path html = only(out, ".html");
        assertTrue(Files.exists(only(out, ".jsonl")), "both formats from one scan");

        open(html);
        assertEquals(List.of(), errors(), "console errors");
        JsonNode nodes = page.eval("Array.from(document.querySelectorAll('.chain .node')).filter(n => {"
                + "const r = n.getBoundingClientRect(); return r.width > 0 && r.height > 0; })"
                + ".map(n => n.dataset.kind + ' ' + n.querySelector('title').textContent)");
        List<String> visible = new ArrayList<>();
        nodes.forEach(n -> visible.add(n.asText()));
        assertTrue(visible.stream().anyMatch(n -> n.startsWith("persistence ") && n.contains(CaseOneTree.CRON_SPOOL)),
                "the cron entry is a visible node: " + visible);
        assertTrue(visible.stream().anyMatch(n -> n.startsWith("file ") && n.contains("/usr/lib/mysql/.sh")),
                "the hidden binary is a visible node: " + visible);
        for (String name : List.of(IMG_NAME, ATTR_NAME)) {
            assertTrue(page.eval("document.body.innerText.includes(" + new ObjectMapper().writeValueAsString(name) + ")")
                    .asBoolean(), "the hostile name " + name + " is shown as text");
        }

        // nothing smuggled in a name became an element, an attribute or ran
        assertEquals(0, page.eval("document.querySelectorAll('img, [onmouseover], [onerror]').length").asInt());
        assertTrue(page.eval("typeof window.__xss === 'undefined'").asBoolean());
        screenshot("case1-report.png");

        int total = page.eval("document.querySelectorAll('tr.finding').length").asInt();
        page.eval("(() => { const t = document.getElementById('f-text'); t.value = '/etc/spts';"
                + " t.dispatchEvent(new Event('input')); })()");
        JsonNode shown = page.eval("Array.from(document.querySelectorAll('tr.finding')).filter(r => r.offsetParent"
                + " !== null).map(r => r.textContent)");
        assertTrue(shown.size() > 0 && shown.size() < total, shown.size() + " of " + total + " rows after the filter");
        shown.forEach(r -> assertTrue(r.asText().contains("/etc/spts"), r.asText()));
        page.eval("(() => { const t = document.getElementById('f-text'); t.value = '';"
                + " t.dispatchEvent(new Event('input')); const s = document.getElementById('f-severity');"
                + " s.value = '4'; s.dispatchEvent(new Event('change')); })()");
        JsonNode critical = page.eval("Array.from(document.querySelectorAll('tr.finding')).filter(r => r.offsetParent"
                + " !== null).map(r => r.cells[0].textContent)");
        assertTrue(critical.size() > 0 && critical.size() < total, critical.size() + " critical of " + total);
        critical.forEach(c -> assertEquals("critical", c.asText()));
        assertTrue(page.eval("document.getElementById('f-count').textContent").asText()
                .startsWith(critical.size() + " shown"));
        screenshot("case1-report-filtered.png");
        assertEquals(List.of(), errors(), "console errors after filtering");
    }

    @Test
    void threeThousandFindingsStayFast() throws Exception {
        Path html = work.resolve("busy.html");
        try (Writer w = Files.newBufferedWriter(html, StandardCharsets.UTF_8)) {
            new HtmlSink().write(SyntheticScans.of(3000), w);
        }
        long started = System.nanoTime();
        open(html);
        long loadMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        JsonNode timing = page.eval("(() => { const n = performance.getEntriesByType('navigation')[0];"
                + " return {dom: n.domContentLoadedEventEnd, load: n.loadEventEnd}; })()");
        long filterStart = System.nanoTime();
        page.eval("(() => { const t = document.getElementById('f-text'); t.value = 'obj-2999';"
                + " t.dispatchEvent(new Event('input')); })()");
        long filterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - filterStart);
        assertEquals(List.of(), errors());
        screenshot("busy-3000.png");
        long size = Files.size(html);
        System.out.printf(Locale.ROOT, "[BrowserReportIT] 3,000-finding report: %,d bytes; DOMContentLoaded %.0f ms, "
                + "load %.0f ms (Chromium start to load event: %d ms); text filter %d ms%n", size,
                timing.path("dom").asDouble(), timing.path("load").asDouble(), loadMs, filterMs);
        Files.writeString(ARTEFACTS.resolve("busy-3000.txt"), String.format(Locale.ROOT,
                "size_bytes=%d%ndom_content_loaded_ms=%.0f%nload_ms=%.0f%nfilter_ms=%d%n", size,
                timing.path("dom").asDouble(), timing.path("load").asDouble(), filterMs));
        assertTrue(size < 5_000_000, "size " + size);
        assertTrue(timing.path("load").asDouble() < 10_000, "render time " + timing);
    }

    private void open(Path html) throws Exception {
        Files.createDirectories(ARTEFACTS);
        Path profile = Files.createDirectories(work.resolve("profile"));
        chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--window-size=1280,1800", "about:blank").redirectErrorStream(true).start();
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(chromium.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    int at = line.indexOf("DevTools listening on ");
                    if (at >= 0) {
                        endpoint.complete(line.substring(at + "DevTools listening on ".length()).strip());
                    }
                }
            } catch (Exception e) {
                endpoint.completeExceptionally(e);
            }
            endpoint.completeExceptionally(new AssertionError("chromium exited without a DevTools endpoint"));
        }, "chromium-output");
        reader.setDaemon(true);
        reader.start();
        URI browser = URI.create(endpoint.get(60, TimeUnit.SECONDS));
        String list = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + browser.getPort() + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body();
        String pageUrl = null;
        for (JsonNode target : new ObjectMapper().readTree(list)) {
            if (target.path("type").asText().equals("page")) {
                pageUrl = target.path("webSocketDebuggerUrl").asText();
            }
        }
        assertTrue(pageUrl != null, "no page target in " + list);
        page = new Cdp(pageUrl);
        page.send("Runtime.enable");
        page.send("Log.enable");
        page.send("Page.enable");
        page.send("Page.navigate", Cdp.params().put("url", html.toUri().toString()));
        assertTrue(page.awaitEvent("Page.loadEventFired", 60_000), "the page did not load");
    }

    /** Console errors, uncaught exceptions and browser log errors (a blocked script or style is one). */
    private List<String> errors() {
        List<String> errors = new ArrayList<>();
        for (JsonNode e : page.events) {
            String method = e.path("method").asText();
            if (method.equals("Runtime.exceptionThrown")
                    || method.equals("Runtime.consoleAPICalled") && e.at("/params/type").asText().equals("error")
                    || method.equals("Log.entryAdded") && e.at("/params/entry/level").asText().equals("error")) {
                errors.add(e.toString());
            }
        }
        return errors;
    }

    private void screenshot(String name) throws Exception {
        JsonNode shot = page.send("Page.captureScreenshot", Cdp.params().put("format", "png")
                .put("captureBeyondViewport", false));
        Files.write(ARTEFACTS.resolve(name), Base64.getDecoder().decode(shot.path("data").asText()));
    }

    private static Path only(Path dir, String suffix) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> found = s.filter(p -> p.toString().endsWith(suffix)).toList();
            assertEquals(1, found.size(), suffix + " in " + dir);
            assertFalse(Files.isSymbolicLink(found.get(0)));
            return found.get(0);
        }
    }
}

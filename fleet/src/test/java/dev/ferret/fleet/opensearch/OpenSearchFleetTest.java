package dev.ferret.fleet.opensearch;

import dev.ferret.cli.Main;
import dev.ferret.fleet.PlantedAnswers;
import dev.ferret.fleet.PlantedFleet;
import dev.ferret.fleet.engine.EmbeddedFleet;
import dev.ferret.fleet.engine.FleetSource;
import dev.ferret.fleet.generate.FleetGenerator;
import dev.ferret.fleet.generate.FleetGenerator.Planted;
import dev.ferret.fleet.questions.FleetAnswers;
import dev.ferret.fleet.questions.FleetQuestions;
import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real OpenSearch node in this JVM, on loopback: ship the planted fleet, ask there, compare with embedded. */
@Tag("opensearch")
class OpenSearchFleetTest {
    @TempDir
    static Path dir;
    static OpenSearchRunner runner;
    static String url;
    static Planted planted;
    static List<Path> files;

    @BeforeAll
    static void start() throws Exception {
        planted = PlantedFleet.write(dir, 40);
        try (Stream<Path> walk = Files.walk(dir.resolve("fleet"))) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        int http = freePort();
        int transport = freePort();
        runner = new OpenSearchRunner();
        runner.onBuild((number, settings) -> {
            settings.put("network.host", "127.0.0.1");
            settings.put("http.port", http);
            settings.put("transport.port", transport);
        }).build(OpenSearchRunner.newConfigs().numOfNode(1).basePath(Files.createDirectories(dir.resolve("node"))
                .toString()).clusterName("ferret-fleet-test").disableESLogger());
        runner.ensureYellow();
        url = "http://127.0.0.1:" + http;
    }

    @AfterAll
    static void stop() throws IOException {
        if (runner != null) {
            runner.close();
            runner.clean();
        }
    }

    static FleetAnswers answers(FleetSource source) throws Exception {
        FleetAnswers a = new FleetQuestions(source, Duration.ofDays(2), 25).answer(List.of(planted.patientZero()),
                List.of(FleetGenerator.POOL_IP), "0.1.0-SNAPSHOT");
        // the problems of unreadable input are known to the embedded load only
        return new FleetAnswers(a.hosts(), a.reports(), a.prevalence(), a.whoElse(), a.spread(), a.smb(), a.changes(),
                new FleetAnswers.Coverage(a.coverage().stale(), a.coverage().incomplete(), a.coverage().blind(),
                        a.coverage().newer(), List.of()));
    }

    @Test
    void shippedFleetGivesThePlantedAnswersAndTheSameAsEmbedded() throws Exception {
        FleetAnswers embedded;
        Shipper.Result first;
        try (EmbeddedFleet fleet = EmbeddedFleet.load(files, true);
             OpenSearchConnection os = OpenSearchConnection.open(url)) {
            embedded = answers(fleet);
            first = new Shipper(os).ship(fleet);
            assertTrue(first.rejected().isEmpty(), first.rejected().toString());
            long records = count(os, OpenSearchConnection.REPORTS);
            long derived = count(os, OpenSearchConnection.FLEET);
            assertEquals(first.records(), records);
            // shipping again, and a copy of the share from another folder, adds nothing
            new Shipper(os).ship(fleet);
            assertEquals(records, count(os, OpenSearchConnection.REPORTS));
            assertEquals(derived, count(os, OpenSearchConnection.FLEET));
        }
        try (OpenSearchFleet remote = new OpenSearchFleet(OpenSearchConnection.open(url))) {
            FleetAnswers there = answers(remote);
            PlantedAnswers.check(there, planted);
            assertEquals(embedded, there);
        }
    }

    @Test
    void theCommandLineShipsAndAsksThere() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, Main.run(new String[] {"fleet", "--ship", url, dir.resolve("fleet").toString()},
                new PrintWriter(out), new PrintWriter(err)), err.toString());
        assertTrue(out.toString().contains("huge line"), out.toString());
        StringWriter answer = new StringWriter();
        assertEquals(0, Main.run(new String[] {"fleet", "--engine", url, "--host", planted.patientZero()},
                new PrintWriter(answer), new PrintWriter(err)), err.toString());
        assertTrue(answer.toString().contains(planted.patientZero() + " -> "), answer.toString());
        assertTrue(answer.toString().contains("Who else: host " + planted.patientZero()), answer.toString());
    }

    private static long count(OpenSearchConnection os, String index) throws IOException {
        return os.call("GET", "/" + index + "/_count", null).path("count").asLong();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

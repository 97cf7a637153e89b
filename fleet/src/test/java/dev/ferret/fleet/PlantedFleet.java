package dev.ferret.fleet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferret.cli.Main;
import dev.ferret.fleet.generate.FleetGenerator;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A synthetic fleet for the tests, its clean hosts replaying a real report that ferret just wrote here. */
public final class PlantedFleet {
    public static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");

    private PlantedFleet() {
    }

    /** A real report of this host: ferret's own network scan (processes, sockets, the closing record). */
    public static List<ObjectNode> realTemplate(Path dir) throws IOException {
        Path report = dir.resolve("template.jsonl");
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"network", "--format", "jsonl", "-q", "-o", report.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertTrue(code == 0 || code == 1, "ferret network failed: " + err);
        List<ObjectNode> lines = FleetGenerator.readTemplate(report);
        assertTrue(lines.size() > 3, "a real report has facts");
        Files.delete(report);
        return lines;
    }

    public static FleetGenerator.Planted write(Path dir, int hosts) throws IOException {
        Path template = Files.createDirectories(dir.resolve("template"));
        return new FleetGenerator(realTemplate(template), NOW).write(dir.resolve("fleet"), hosts, true);
    }
}

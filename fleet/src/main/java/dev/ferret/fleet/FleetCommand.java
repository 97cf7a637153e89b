package dev.ferret.fleet;

import dev.ferret.cli.BadInputException;
import dev.ferret.cli.Main;
import dev.ferret.fleet.engine.EmbeddedFleet;
import dev.ferret.fleet.engine.FleetSource;
import dev.ferret.fleet.output.HtmlAnswers;
import dev.ferret.fleet.output.JsonLinesAnswers;
import dev.ferret.fleet.output.TextAnswers;
import dev.ferret.fleet.questions.FleetAnswers;
import dev.ferret.fleet.questions.FleetQuestions;
import dev.ferret.report.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ferret fleet}: the fleet questions over many hosts' reports. */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = {"Questions over many hosts' JSON Lines reports (a GPO share, the timer's folder, gzip too):",
            "prevalence, who else, first seen and spread, what changed, coverage.",
            "Embedded engine by default (no server); --ship URL indexes into OpenSearch, --engine URL asks it there."})
public final class FleetCommand implements Callable<Integer>, Main.Plugin {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "report files or folders (searched for "
        + "*.jsonl and *.jsonl.gz)")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default), jsonl or html")
    String format;

    @Option(names = "--host", paramLabel = "HOST", description = "who else shares an IOC-grade entity with this host "
        + "(repeatable)")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--entity", paramLabel = "VALUE", description = "who else has this hash, address, command, key "
        + "or module (repeatable); also shown in the spread")
    List<String> entities = new ArrayList<>();

    @Option(names = "--stale-days", paramLabel = "DAYS", defaultValue = "2",
            description = "a host whose newest report is this much older than the fleet's newest stopped reporting")
    double staleDays;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "25", description = "rows per list in the text summary")
    int rows;

    @Option(names = "--ship", paramLabel = "URL", description = "bulk-index the reports into OpenSearch at URL")
    String ship;

    @Option(names = "--engine", paramLabel = "URL", description = "answer from the reports indexed at URL")
    String engine;

    @Override
    public Integer call() throws Exception {
        if (!List.of("text", "jsonl", "html").contains(format)) {
            throw new BadInputException("--format must be text, jsonl or html, not '" + format + "'");
        }
        if (ship != null && engine != null) {
            throw new BadInputException("give --ship or --engine, not both");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (engine != null) {
            if (!paths.isEmpty()) {
                throw new BadInputException("--engine answers from what was shipped: give no PATH with it");
            }
            try (FleetSource source = Engines.openSearch(engine)) {
                answer(source, out);
            }
            return 0;
        }
        if (paths.isEmpty()) {
            throw new BadInputException("give report files or folders (or --engine URL)");
        }
        List<Path> files = ReportFiles.find(paths);
        if (files.isEmpty()) {
            throw new BadInputException("no *.jsonl or *.jsonl.gz report under " + paths);
        }
        try (EmbeddedFleet fleet = EmbeddedFleet.load(files, ship != null)) {
            if (ship != null) {
                Engines.ship(fleet, ship, out);
                return 0;
            }
            answer(fleet, out);
        }
        return 0;
    }

    private void answer(FleetSource source, PrintWriter out) throws Exception {
        FleetAnswers a = new FleetQuestions(source, Duration.ofMinutes(Math.round(staleDays * 24 * 60)), rows)
                .answer(hosts, entities, Version.get());
        if (format.equals("jsonl")) {
            new JsonLinesAnswers().write(a, out);
        } else if (format.equals("html")) {
            new HtmlAnswers(Integer.MAX_VALUE).write(a, out);
        } else {
            new TextAnswers(rows).write(a, out);
        }
    }
}

package dev.ferret.cli;

import dev.ferret.report.Printable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferret.respond.PlanOutput;
import dev.ferret.respond.apply.Outcome;
import dev.ferret.respond.linux.CommandRunner;
import dev.ferret.respond.quarantine.Store;
import dev.ferret.respond.quarantine.Undo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "undo", mixinStandardHelpOptions = true,
        description = {"Reverse what 'ferret respond --apply' changed, newest change first: put quarantined files back "
            + "(content, owner, mode, times), restore edited persistence files, delete the firewall rules it added, "
            + "enable the units it disabled (without starting them).",
            "A file changed since ferret touched it is reported, never overwritten. Killed processes stay dead.",
            "",
            "Exit codes: 0 everything undone (or nothing left to undo), 1 not confirmed, 2 bad usage or input, "
                + "3 some records could not be undone."})
public final class UndoCommand implements Callable<Integer> {
    /** Output formats. */
    enum Format { text, json }

    private static final DateTimeFormatter RUN = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Option(names = "--store", paramLabel = "DIR", required = true,
            description = "The store that 'ferret respond --apply --store DIR' wrote.")
    Path store;

    @Option(names = "--root", paramLabel = "DIR",
            description = "Where the image is now, when the plan was applied to an image mounted elsewhere "
                    + "(default: as recorded).")
    Path root;

    @Option(names = {"-y", "--yes"}, description = "Undo without asking.")
    boolean yes;

    @Option(names = "--dry-run", description = "List what would be undone; change nothing.")
    boolean dryRun;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = store.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir) || !Store.isStore(dir)) {
            throw new BadInputException("--store: " + store + " is not a ferret store");
        }
        if (root != null && !Files.isDirectory(root)) {
            throw new BadInputException("--root: " + root + " is not a directory");
        }
        String run = "undo-" + RUN.format(Clock.systemUTC().instant()) + "-" + ProcessHandle.current().pid();
        try (Store s = Store.open(dir)) {
            Undo undo = new Undo(s, root == null ? null : root.toAbsolutePath().normalize(), CommandRunner.system(),
                    Clock.systemUTC(), run);
            List<JsonNode> pending = undo.pending();
            if (dryRun || pending.isEmpty() || !yes) {
                StringBuilder b = new StringBuilder();
                b.append(pending.isEmpty() ? "Nothing left to undo in " + dir + "\n"
                        : pending.size() + " change(s) to undo, newest first:\n");
                for (JsonNode r : pending) {
                    b.append("  ").append(r.path("id").asText()).append("  ").append(Printable.text(Undo.describe(r))).append('\n');
                }
                if (format == Format.json && (dryRun || pending.isEmpty())) {
                    ObjectNode doc = s.node();
                    doc.set("pending", s.json().valueToTree(pending));
                    out.println(s.json().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
                } else {
                    (format == Format.json ? err : out).print(b);
                }
                (format == Format.json ? err : out).flush();
                if (dryRun || pending.isEmpty()) {
                    return ExitCodes.CLEAN;
                }
                err.print("Undo " + pending.size() + " change(s)? Type 'yes' to continue: ");
                err.flush();
                String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (answer == null) {
                    err.println();
                    throw new BadInputException("undo needs a confirmation and standard input has none: add --yes");
                }
                if (!answer.strip().equalsIgnoreCase("yes")) {
                    err.println("ferret: nothing was undone");
                    return ExitCodes.FINDINGS;
                }
            }
            List<Outcome> outcomes = undo.replay(null);
            PlanOutput output = new PlanOutput();
            if (format == Format.json) {
                ObjectNode doc = output.json().createObjectNode();
                doc.put("run", run);
                doc.set("results", output.outcomes(outcomes));
                out.println(output.json().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
            } else {
                out.println("Undo (run " + run + ", store " + dir + "):");
                out.print(output.text(outcomes));
                out.println(RespondCommand.summary(outcomes));
            }
            out.flush();
            return outcomes.stream().anyMatch(o -> o.status() == Outcome.Status.FAILED) ? ExitCodes.INCOMPLETE
                    : ExitCodes.CLEAN;
        } catch (IOException e) {
            throw new BadInputException("--store: " + e.getMessage());
        }
    }
}

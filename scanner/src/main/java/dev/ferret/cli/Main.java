package dev.ferret.cli;

import dev.ferret.os.Platform;
import dev.ferret.report.Printable;
import dev.ferret.report.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.ServiceLoader;

/** The ferret command line. */
@Command(name = "ferret", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        subcommands = {ScanCommand.class, ProcessesCommand.class, NetworkCommand.class, PersistenceCommand.class,
            FilesCommand.class, MemoryCommand.class, AccessCommand.class, RulesCommand.class, RespondCommand.class,
            UndoCommand.class, ExposureCommand.class,
            CommandLine.HelpCommand.class},
        description = {"Endpoint compromise scanner for incident responders.",
            "Finds what runs that should not, what is hidden, what it talks to and what restarts it.",
            "",
            "Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 bad usage or input, "
                + "3 the scan could not complete."})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (try 'ferret scan')");
    }

    public static void main(String[] args) {
        PrintWriter err = new PrintWriter(System.err, true);
        int code;
        try {
            code = run(args, new PrintWriter(System.out, true), err);
        } catch (Throwable t) {
            // the last line of defence: one line for the responder, never a stack trace
            err.println("ferret: the scan could not complete: " + Printable.text(String.valueOf(t)));
            code = ExitCodes.INCOMPLETE;
        }
        System.exit(code);
    }

    /** Runs the CLI and returns the exit code (tests call this). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        ServiceLoader.load(Plugin.class).forEach(cli::addSubcommand);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            // a typo'd command or option gets picocli's nearest matches, on the same one line
            java.util.List<String> near = ex instanceof CommandLine.UnmatchedArgumentException u
                    ? u.getSuggestions() : java.util.List.of();
            err.println("ferret: " + Printable.text(ex.getMessage())
                    + (near.isEmpty() ? "" : " (did you mean " + String.join(" or ", near) + "?)"));
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            err.flush();
            return ExitCodes.BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // picocli hands over Exceptions only; Errors (out of memory, a broken install) reach main()
            // messages may quote host strings (a path, a rule name): escaped, so each stays one line
            if (ex instanceof BadInputException) {
                err.println("ferret: " + Printable.text(ex.getMessage()));
                err.flush();
                return ExitCodes.BAD_INPUT;
            }
            err.println("ferret: the scan could not complete: " + Printable.text(String.valueOf(ex)));
            err.flush();
            return ExitCodes.INCOMPLETE;
        });
        return cli.execute(args);
    }

    /** A picocli subcommand from an optional jar on the class path (ferret fleet), found through ServiceLoader. */
    public interface Plugin {
    }

    /** Version from the build. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ferret " + Version.get(), "Java " + System.getProperty("java.version") + " ("
                + System.getProperty("java.vm.name") + ")", Platform.describe()};
        }
    }
}

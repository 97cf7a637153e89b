package dev.ferret.exposure;

import dev.ferret.cli.ExposureCommand;
import picocli.CommandLine;

/** Runs {@code ferret exposure} alone (Main does not have to list it), for tests that start it in a namespace. */
public final class ExposureCli {
    private ExposureCli() {
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new ExposureCommand());
        cli.setExecutionExceptionHandler((ex, c, p) -> {
            System.err.println("ferret: " + ex.getMessage());
            return ex instanceof dev.ferret.cli.BadInputException ? 2 : 3;
        });
        System.exit(cli.execute(args));
    }
}

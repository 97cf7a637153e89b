package dev.ferret.cli;

import dev.ferret.report.Printable;
import dev.ferret.data.rules.Rule;
import dev.ferret.data.rules.RuleBook;
import dev.ferret.data.rules.RuleCatalogException;
import dev.ferret.data.rules.RuleCatalogFormat;
import dev.ferret.detect.Detector;
import dev.ferret.rules.BundleCompiler;
import dev.ferret.scan.Catalog;
import dev.ferret.rules.BundleSignature;
import dev.ferret.rules.CompiledBundle;
import dev.ferret.yara.CompileSkip;
import dev.ferret.yara.Yara;
import dev.ferret.yara.YaraException;
import dev.ferret.yara.YaraRules;
import dev.ferret.yara.YaraUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ferret rules compile}: compiles the built-in rules and/or the user's into one checksummed bundle
 * that scans load without compiling ({@code --rules FILE}; the runtime image ships one for its built-ins).
 * {@code ferret rules check}: verifies a bundle's checksum and loads it, timing the load.
 * {@code ferret rules list}: the catalogue of declared detection rules; {@code ferret rules verify DIR}: checks a
 * folder of rule declarations against the detectors.
 */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Compile YARA rules into a checksummed bundle, or check one; list or verify the detection "
            + "rule declarations.",
        subcommands = {RulesCommand.Compile.class, RulesCommand.Check.class, RulesCommand.ListRules.class,
            RulesCommand.Verify.class, RulesCommand.Keygen.class, RulesCommand.Sign.class,
            RulesCommand.VerifySignature.class})
public final class RulesCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required: 'ferret rules compile', 'check', 'list', 'verify', 'keygen', 'sign' or "
                        + "'verify-signature'");
    }

    @Command(name = "compile", mixinStandardHelpOptions = true,
            description = {"Compile rules into FILE (libyara's compiled form) and FILE.sha256 (its checksum, "
                + "sha256sum format). Scans refuse a bundle that does not match its checksum.",
                "The bundle loads only with the same libyara version that compiled it."})
    static final class Compile implements java.util.concurrent.Callable<Integer> {
        @Option(names = "--rules", paramLabel = "PATH",
                description = "Rule sources to add: a .yar file or a directory of them. Repeatable.")
        List<Path> rules = new ArrayList<>();

        @Option(names = "--no-builtin-rules", description = "Leave the built-in rules out of the bundle.")
        boolean noBuiltin;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
                description = "The bundle to write (for example rules.yarc).")
        Path output;

        @Option(names = {"-v", "--verbose"}, description = "List every rule left out, with the reason.")
        boolean verbose;

        @Option(names = "--sign", paramLabel = "KEY",
                description = "Sign the bundle with this Ed25519 private key (from 'ferret rules keygen'; its .pub "
                        + "beside it) into FILE.sig. Scans refuse a signed bundle whose key they do not trust.")
        Path signKey;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Path parent = output.toAbsolutePath().normalize().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new BadInputException("--output: directory " + parent + " does not exist");
            }
            if (Files.isDirectory(output)) {
                throw new BadInputException("--output: " + output + " is a directory; name the bundle file");
            }
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (Yara yara = loadYara();
                 BundleCompiler.Result result = BundleCompiler.compile(yara, rules, !noBuiltin)) {
                if (signKey != null && !Files.isRegularFile(signKey)) {
                    throw new BadInputException("--sign: no such key file: " + signKey);
                }
                String hex = CompiledBundle.write(result, output);
                if (signKey != null) {
                    out.printf(Locale.ROOT, "ferret: signed with key %s into %s%n",
                            BundleSignature.sign(output, signKey), BundleSignature.signatureFile(output));
                } else {
                    Files.deleteIfExists(BundleSignature.signatureFile(output)); // a stale signature would refuse it
                }
                for (CompileSkip s : result.skipped()) {
                    if (verbose) {
                        err.println("ferret: skipped: " + Printable.text(String.valueOf(s)));
                    }
                }
                out.printf(Locale.ROOT, "ferret: compiled %d rules (%d skipped) from %d sources in %d ms with %s%n",
                        result.rules().ruleCount(), result.skipped().size(), result.sources(),
                        result.nanos() / 1_000_000, yara.origin());
                out.printf(Locale.ROOT, "ferret: bundle %s (%d bytes), sha256 %s%n", output,
                        Files.size(output), hex);
                if (!result.skipped().isEmpty() && !verbose) {
                    out.println("ferret: rules left out: " + result.skipped().size() + " (-v lists them)");
                }
                out.flush();
                err.flush();
                return ExitCodes.CLEAN;
            } catch (YaraException e) {
                throw new BadInputException("cannot compile rules: " + e.getMessage());
            }
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Verify a bundle against its checksum file and load it; prints its rule count and "
                + "how long loading took.")
    static final class Check implements java.util.concurrent.Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The bundle (FILE.sha256 must be beside it).")
        Path bundle;

        @Option(names = "--trust-key", paramLabel = "FILE", description = "A public key to trust. Repeatable.")
        List<Path> trustKeys = new ArrayList<>();

        @Option(names = "--require-signature", description = "Refuse the bundle unless FILE.sig verifies.")
        boolean requireSignature;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(bundle)) {
                throw new BadInputException("no such bundle: " + bundle);
            }
            long verifyStart = System.nanoTime();
            String hex = CompiledBundle.verify(bundle);
            String signer = requireSignature || Files.exists(BundleSignature.signatureFile(bundle))
                    ? "signed by key " + BundleSignature.verify(bundle, trustKeys).keyId() : "unsigned";
            long verified = System.nanoTime();
            try (Yara yara = loadYara()) {
                long loadStart = System.nanoTime();
                try (YaraRules rules = yara.loadRules(bundle)) {
                    long loaded = System.nanoTime();
                    PrintWriter out = spec.commandLine().getOut();
                    out.printf(Locale.ROOT, "ferret: %s: %d rules, checksum ok (%d ms), loaded in %d ms with %s%n",
                            bundle, rules.ruleCount(), (verified - verifyStart) / 1_000_000,
                            (loaded - loadStart) / 1_000_000, yara.origin());
                    out.printf(Locale.ROOT, "ferret: sha256 %s, %s%n", hex, signer);
                    out.flush();
                    return ExitCodes.CLEAN;
                }
            } catch (YaraException e) {
                throw new BadInputException("cannot load " + bundle + ": " + e.getMessage());
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "The declared detection rules: id, areas, ATT&CK techniques and description.")
    static final class ListRules implements java.util.concurrent.Callable<Integer> {
        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
                description = "text (default), jsonl (every declared field, one rule a line) or markdown (the README table).")
        String format;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            List<Rule> rules = RuleBook.builtIn().all();
            String text = switch (format) {
                case "text" -> RuleCatalogFormat.text(rules);
                case "jsonl" -> RuleCatalogFormat.jsonl(rules);
                case "markdown" -> RuleCatalogFormat.markdown(rules);
                default -> throw new BadInputException("--format: expected text, jsonl or markdown, got '"
                        + format.replaceAll("\\p{Cntrl}", "?") + "'");
            };
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
            return ExitCodes.CLEAN;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check a folder of rule declarations (*.yaml): the schema (no unknown or missing key, known "
                + "areas, tactics and ATT&CK ids, weights 0-100) and that declarations and detectors match one to one.",
                "Exit 0 when it would load, 2 with one line naming the file and the problem otherwise."})
    static final class Verify implements java.util.concurrent.Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "The folder, e.g. signatures/src/main/resources/ferret/signatures/rules.")
        Path dir;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            RuleBook book;
            try {
                book = RuleBook.read(dir);
                book.checkDetectors(Catalog.allDetectors().stream().map(Detector::id).toList());
            } catch (RuleCatalogException e) {
                throw new BadInputException(e.getMessage().replaceAll("\\p{Cntrl}", "?"));
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "ferret: %s: %d rules, %d detectors, ok%n", dir, book.all().size(),
                    book.all().stream().map(Rule::detector).distinct().count());
            out.flush();
            return ExitCodes.CLEAN;
        }
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = {"Make an Ed25519 key pair for signing bundles: DIR/ferret-<id>.key (private, mode 0600) "
                + "and DIR/ferret-<id>.pub (give it to scans with --trust-key).",
                "Keep release keys offline; the build makes a throw-away key of its own."})
    static final class Keygen implements java.util.concurrent.Callable<Integer> {
        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Directory for the key pair.")
        Path dir;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new BadInputException("--out: " + dir + " is not a directory");
            }
            String id = BundleSignature.keygen(dir);
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "ferret: key %s: %s (private, 0600) and %s%n", id,
                    dir.resolve("ferret-" + id + ".key"), dir.resolve("ferret-" + id + ".pub"));
            out.flush();
            return ExitCodes.CLEAN;
        }
    }

    @Command(name = "sign", mixinStandardHelpOptions = true,
            description = "Sign any file (the USB kit's MANIFEST.sha256) with an Ed25519 key into FILE.sig.")
    static final class Sign implements java.util.concurrent.Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The file to sign.")
        Path file;

        @Option(names = "--key", paramLabel = "KEY", required = true, description = "The private key.")
        Path key;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(file) || !Files.isRegularFile(key)) {
                throw new BadInputException("sign: no such file: " + (Files.isRegularFile(file) ? key : file));
            }
            spec.commandLine().getOut().printf(Locale.ROOT, "ferret: %s signed with key %s%n", file,
                    BundleSignature.sign(file, key));
            spec.commandLine().getOut().flush();
            return ExitCodes.CLEAN;
        }
    }

    @Command(name = "verify-signature", mixinStandardHelpOptions = true,
            description = "Check FILE against FILE.sig and the trusted keys; prints the key id. Exit 2 when refused.")
    static final class VerifySignature implements java.util.concurrent.Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The signed file.")
        Path file;

        @Option(names = "--trust-key", paramLabel = "FILE", description = "A public key to trust. Repeatable.")
        List<Path> trustKeys = new ArrayList<>();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            BundleSignature.Verified v = BundleSignature.verify(file, trustKeys);
            spec.commandLine().getOut().printf(Locale.ROOT, "ferret: %s: signature ok, key %s, sha256 %s%n", file,
                    v.keyId(), v.sha256());
            spec.commandLine().getOut().flush();
            return ExitCodes.CLEAN;
        }
    }

    private static Yara loadYara() {
        try {
            return Yara.load();
        } catch (YaraUnavailableException e) {
            throw new BadInputException("YARA unavailable: " + e.getMessage());
        }
    }

    /**
     * Runs {@code ferret rules ...} on its own (the image build compiles its bundle this way, so it does not
     * depend on the command being registered in {@link Main}). Same error handling as {@link Main}.
     */
    public static void main(String[] args) {
        PrintWriter err = new PrintWriter(System.err, true);
        CommandLine cli = new CommandLine(new RulesCommand());
        cli.setCommandName("ferret rules");
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("ferret: " + Printable.text(ex.getMessage()));
            return ExitCodes.BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof BadInputException) {
                err.println("ferret: " + Printable.text(ex.getMessage()));
                return ExitCodes.BAD_INPUT;
            }
            err.println("ferret: rules: " + Printable.text(String.valueOf(ex)));
            return ExitCodes.INCOMPLETE;
        });
        System.exit(cli.execute(args));
    }
}

package dev.ferret.cli;

import dev.ferret.scan.Area;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

@Command(name = "files", mixinStandardHelpOptions = true,
        description = {"Sweep files with YARA rules and IOCs: every file is read once, hashed (MD5, SHA-256) "
            + "and scanned. Without PATHs: the places malware lives (--full: everything)."})
final class FilesCommand extends AreaCommand {
    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Files or directories to sweep (host paths; "
            + "under --root they are read inside the image).")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--no-hashes", description = "Do not hash files (no MD5/SHA-256 in the report, no hash IOCs, "
            + "no same-file pivot): YARA alone, e.g. to compare with the yara command line.")
    boolean noHashes;

    @Override
    boolean hashFiles() {
        return !noHashes;
    }

    @Override
    Set<Area> areas() {
        return EnumSet.of(Area.SWEEP);
    }

    @Override
    List<String> sweepRoots() {
        List<String> roots = new ArrayList<>();
        for (Path p : paths) {
            Path absolute = p.toAbsolutePath().normalize();
            Path readable = options.root == null ? absolute
                    : options.root.toAbsolutePath().resolve(absolute.toString().substring(1));
            if (!Files.exists(readable, LinkOption.NOFOLLOW_LINKS)) {
                throw new BadInputException("no such file or directory: " + p);
            }
            roots.add(absolute.toString());
        }
        return roots;
    }
}

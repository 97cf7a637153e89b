package dev.ferret.scan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * ferret's own files, known by identity rather than by name: the directories around the code that is
 * running right now (its checkout, its kit, its runtime image) plus what the command line named as ferret's
 * (report, cache, rule and IOC files). Its rules and fixtures would otherwise match themselves.
 */
public final class OwnFiles {
    /** How far above the running jar or class folder a checkout or kit root may be. */
    private static final int MAX_LEVELS = 4;

    private final List<Path> roots;

    private OwnFiles(List<Path> roots) {
        this.roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
    }

    public static OwnFiles none() {
        return new OwnFiles(List.of());
    }

    /** The running ferret: located from this class's own code source. */
    public static OwnFiles ofRunningFerret(List<Path> extra) {
        CodeSource source = OwnFiles.class.getProtectionDomain().getCodeSource();
        Path code = null;
        if (source != null && source.getLocation() != null && "file".equals(source.getLocation().getProtocol())) {
            try {
                code = Path.of(source.getLocation().toURI());
            } catch (URISyntaxException | IllegalArgumentException e) {
                code = null;
            }
        }
        List<Path> all = new ArrayList<>(extra);
        if (code == null) {
            // linked into a runtime image (jrt:): the image is ferret's own
            all.add(Path.of(System.getProperty("java.home")));
            code = Path.of(System.getProperty("java.home"));
        }
        return forCode(code, all);
    }

    /**
     * The files owned by the ferret whose code is at {@code code} (a jar or a class folder): the code itself,
     * the repository it was built in (an ancestor holding pom.xml, .git and the ferret launcher) and the
     * kit it was started from (an ancestor holding MANIFEST.sha256 and ferret.sh).
     */
    public static OwnFiles forCode(Path code, List<Path> extra) {
        List<Path> roots = new ArrayList<>(extra);
        Path at = code.toAbsolutePath().normalize();
        roots.add(at);
        Path dir = at.getParent();
        for (int i = 0; i < MAX_LEVELS && dir != null; i++, dir = dir.getParent()) {
            if (isCheckout(dir)) {
                roots.addAll(checkoutParts(dir));
                break;
            }
            if (isKit(dir)) {
                roots.add(dir);
                break;
            }
        }
        return new OwnFiles(roots);
    }

    /**
     * A checkout is ferret's own but for the scratch folders its integration tests plant real threats in (a miner,
     * an image with hostile names): those are scanned like any other place. Leaving them out of the exclusion can
     * only make more visible, never hide.
     */
    private static List<Path> checkoutParts(Path checkout) {
        List<Path> parts = new ArrayList<>();
        for (Path child : children(checkout)) {
            boolean module = regular(child.resolve("pom.xml"));
            if (child.getFileName().toString().equals("target") || module) {
                for (Path inner : children(child)) {
                    if (module && inner.getFileName().toString().equals("target")) {
                        children(inner).stream().filter(t -> !TEST_SCRATCH.contains(t.getFileName().toString()))
                                .forEach(parts::add);
                    } else if (!TEST_SCRATCH.contains(inner.getFileName().toString())) {
                        parts.add(inner);
                    }
                }
            } else {
                parts.add(child);
            }
        }
        return parts;
    }

    /** Build-output folders where tests plant what ferret must find (BuildDirTempDirs, respond ITs, clean-env). */
    private static final Set<String> TEST_SCRATCH = Set.of("it-work", "respond-it", "clean-env");

    private static List<Path> children(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of(dir); // unreadable: keep the whole folder as ferret's rather than guess
        }
    }

    private static boolean isCheckout(Path dir) {
        return regular(dir.resolve("pom.xml")) && regular(dir.resolve("ferret"))
                && Files.exists(dir.resolve(".git"), LinkOption.NOFOLLOW_LINKS);
    }

    private static boolean isKit(Path dir) {
        return regular(dir.resolve("MANIFEST.sha256")) && regular(dir.resolve("ferret.sh"));
    }

    private static boolean regular(Path p) {
        return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
    }

    public List<Path> roots() {
        return roots;
    }

    /** Whether the real path {@code p} (already mapped under --root) is ferret's own. */
    public boolean owns(Path p) {
        Path n = p.toAbsolutePath().normalize();
        for (Path r : roots) {
            if (n.startsWith(r)) {
                return true;
            }
        }
        return false;
    }
}

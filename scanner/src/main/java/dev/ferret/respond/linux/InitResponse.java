package dev.ferret.respond.linux;

import dev.ferret.collect.linux.persistence.RootedFiles;
import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.PersistenceKind;
import dev.ferret.respond.plan.Why;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An rc?.d start link is quarantined; an init script of its own is quarantined with every link that starts it; a
 * line of a shared script (rc.local) is removed.
 */
final class InitResponse implements PersistenceResponse {
    private static final Pattern RC_LINK = Pattern.compile("^/etc/(rc\\.d/)?rc[0-6S]\\.d/[^/]+$");

    @Override
    public PersistenceKind kind() {
        return PersistenceKind.INIT;
    }

    @Override
    public void plan(PersistenceEntry e, Finding f, List<String> chains, PlanItems items) {
        String path = e.path();
        if (RC_LINK.matcher(path).matches()) {
            items.file(path, true, chains, f, Why.of(f));
        } else if (path.startsWith("/etc/init.d/") && !items.packaged(path)) {
            items.file(path, true, chains, f, Why.of(f));
            for (String link : rcLinks(items.ctx.root(), path)) {
                items.file(link, true, chains, f, "start link of " + path);
            }
        } else if (PersistenceResponse.oneLine(e)) {
            items.edit(path, kind().id(), false, PlanItems.lineOf(f, e.line(), PersistenceResponse.command(e)), null,
                    chains, f);
        } else {
            items.notice("review " + path + " by hand: " + Why.of(f), chains, f);
        }
    }

    /** rc?.d links under the root whose target is this init script. */
    static List<String> rcLinks(Path root, String script) {
        List<String> links = new ArrayList<>();
        String name = script.substring(script.lastIndexOf('/') + 1);
        for (String base : List.of("/etc", "/etc/rc.d")) {
            for (String level : List.of("0", "1", "2", "3", "4", "5", "6", "S")) {
                String dir = base + "/rc" + level + ".d";
                Path real = RootedFiles.locate(root, dir);
                if (real == null || !Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try (DirectoryStream<Path> s = Files.newDirectoryStream(real)) {
                    for (Path link : s) {
                        if (Files.isSymbolicLink(link)) {
                            String target = Files.readSymbolicLink(link).toString();
                            if (target.equals(script) || target.endsWith("/init.d/" + name)) {
                                links.add(dir + "/" + link.getFileName());
                            }
                        }
                    }
                } catch (IOException e) {
                    // unreadable level directory: no links from it
                }
            }
        }
        links.sort(null);
        return links;
    }
}

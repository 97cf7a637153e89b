package dev.ferret.collect.linux.persistence;

import dev.ferret.model.PersistenceEntry;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * SSH authorized keys of every account (homes from the scanned tree's /etc/passwd, plus /root and /home/*):
 * ~/.ssh/authorized_keys, ~/.ssh/authorized_keys2, and the files sshd_config's AuthorizedKeysFile names
 * (%h, %u, %% expanded; relative paths under the home). One entry per key (kind "ssh-key") at its line; the
 * command is the key abbreviated — options (a forced {@code command="..."} kept whole), type, SHA-256
 * fingerprint, comment — and the references are the paths in a forced command.
 */
public final class SshKeysCollector extends PersistenceCollector {
    static final String KIND = "ssh-key";
    static final List<String> DEFAULT_FILES = List.of(".ssh/authorized_keys", ".ssh/authorized_keys2");

    @Override
    protected List<String> kinds() {
        return List.of(KIND);
    }

    @Override
    void collect(HostFiles files, List<PersistenceEntry> out) {
        List<String> patterns = new ArrayList<>(DEFAULT_FILES);
        patterns.addAll(configured(files));
        for (Homes.Home home : Homes.of(files)) {
            Set<String> paths = new LinkedHashSet<>();
            for (String p : patterns) {
                String expanded = p.replace("%%", "\u0000").replace("%h", home.dir()).replace("%u", home.user())
                        .replace("\u0000", "%");
                paths.add(expanded.startsWith("/") ? expanded : home.dir() + "/" + expanded);
            }
            for (String path : paths) {
                files.read(path).filter(t -> !t.binary() && files.claim(t.real()))
                        .ifPresent(t -> keys(t, home.user(), out));
            }
        }
    }

    /** AuthorizedKeysFile values from /etc/ssh/sshd_config and its sshd_config.d drop-ins. */
    static List<String> configured(HostFiles files) {
        List<String> sources = new ArrayList<>();
        sources.add("/etc/ssh/sshd_config");
        sources.addAll(files.list("/etc/ssh/sshd_config.d"));
        List<String> out = new ArrayList<>();
        for (String source : sources) {
            Optional<HostFiles.Text> text = files.read(source);
            if (text.isEmpty()) {
                continue;
            }
            for (String line : text.get().lines()) {
                String[] f = line.strip().split("\\s+");
                if (f.length >= 2 && f[0].equalsIgnoreCase("AuthorizedKeysFile")) {
                    for (int i = 1; i < f.length; i++) {
                        if (!f[i].equalsIgnoreCase("none") && !f[i].startsWith("#")) {
                            out.add(f[i]);
                        }
                    }
                }
            }
        }
        return out;
    }

    static void keys(HostFiles.Text text, String user, List<PersistenceEntry> out) {
        List<String> lines = text.lines();
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            AuthorizedKey.parse(lines.get(i)).ifPresent(key -> {
                String forced = key.forcedCommand();
                out.add(new PersistenceEntry(KIND, text.hostPath(), number, user, key.abbreviated(), text.mtime(),
                        forced == null ? List.of() : CommandRefs.extract(forced)));
            });
        }
    }
}

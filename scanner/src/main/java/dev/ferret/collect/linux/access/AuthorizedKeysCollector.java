package dev.ferret.collect.linux.access;

import dev.ferret.collect.linux.persistence.AuthorizedKey;
import dev.ferret.model.access.AccessFacts;
import dev.ferret.model.access.KeyEntry;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Authorized SSH keys of every account, with the file's times: {@code ~/.ssh/authorized_keys},
 * {@code authorized_keys2} and what sshd_config's AuthorizedKeysFile names (%h, %u, %% expanded). One fact per
 * key; the last key of each file is marked (an appended key is the last one).
 */
public final class AuthorizedKeysCollector extends AccessCollector {
    private static final List<String> DEFAULT_FILES = List.of(".ssh/authorized_keys", ".ssh/authorized_keys2");
    private static final int MAX_BYTES = 1 << 20;

    public AuthorizedKeysCollector(AccessLimits limits) {
        super(limits);
    }

    @Override
    void collect(AccessFiles files, AccessFacts facts) {
        List<String> patterns = new ArrayList<>(DEFAULT_FILES);
        patterns.addAll(configured(files));
        Set<java.nio.file.Path> seen = new java.util.HashSet<>();
        List<KeyEntry> out = new ArrayList<>();
        for (Map.Entry<String, String> home : Users.of(files).homes(files).entrySet()) {
            Set<String> paths = new LinkedHashSet<>();
            for (String p : patterns) {
                String expanded = p.replace("%%", "\u0000").replace("%h", home.getKey()).replace("%u", home.getValue())
                        .replace("\u0000", "%");
                paths.add(expanded.startsWith("/") ? expanded : home.getKey() + "/" + expanded);
            }
            for (String path : paths) {
                Optional<AccessFiles.Text> text = files.read(path, MAX_BYTES);
                if (text.isEmpty() || !seen.add(text.get().real())) {
                    continue;
                }
                keys(text.get(), home.getValue(), out);
            }
        }
        files.count("authorized keys", out.size());
        facts.addKeys(out);
    }

    private static void keys(AccessFiles.Text text, String user, List<KeyEntry> out) {
        List<String> lines = text.lines();
        int lastLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (AuthorizedKey.parse(lines.get(i)).isPresent()) {
                lastLine = i + 1;
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            int last = lastLine;
            AuthorizedKey.parse(lines.get(i)).ifPresent(k -> out.add(new KeyEntry(user, text.hostPath(), number,
                    number == last, k.type(), k.fingerprint(), k.comment(), k.forcedCommand(), k.abbreviated(),
                    text.stat() == null ? null : text.stat().mtime(), text.stat() == null ? null : text.stat().ctime())));
        }
    }

    private static List<String> configured(AccessFiles files) {
        List<String> sources = new ArrayList<>();
        sources.add("/etc/ssh/sshd_config");
        sources.addAll(files.list("/etc/ssh/sshd_config.d"));
        List<String> out = new ArrayList<>();
        for (String source : sources) {
            files.read(source, MAX_BYTES).ifPresent(t -> {
                for (String line : t.lines()) {
                    String[] f = line.strip().split("\\s+");
                    if (f.length >= 2 && f[0].equalsIgnoreCase("AuthorizedKeysFile")) {
                        for (int i = 1; i < f.length && !f[i].startsWith("#"); i++) {
                            if (!f[i].equalsIgnoreCase("none")) {
                                out.add(f[i]);
                            }
                        }
                    }
                }
            });
        }
        return out;
    }
}

package dev.ferret.collect.linux.persistence;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The absolute paths a command line refers to: {@code /...} words, also inside options ({@code --config=/x},
 * {@code -c /x}), redirections ({@code >/tmp/log}) and quotes. URLs, {@code $VAR/...}, {@code ~/...} and
 * pseudo devices ({@code /dev/null}, {@code /dev/tcp/...}) are not file references and are left out.
 */
public final class CommandRefs {
    /** Most references kept per command. */
    static final int MAX_REFS = 64;

    // a '/' that starts a word: not after a word character, another '/', ':' (URLs), '.', '~', '$' or '}'
    private static final Pattern PATH = Pattern.compile("(?<![\\w/.:~$}])/(?!/)[\\w.+@%,~*?\\[\\]-]*(?:/(?!/)[\\w.+@%,~*?\\[\\]-]*)*");
    private static final Pattern NOT_FILES = Pattern.compile(
            "^/dev/(null|zero|full|random|urandom|tty\\w*|console|stdin|stdout|stderr|fd(/.*)?|tcp/.*|udp/.*)$");

    private CommandRefs() {
    }

    /** Absolute paths in {@code command}, in order of appearance, without duplicates. */
    public static List<String> extract(String command) {
        if (command == null || command.indexOf('/') < 0) {
            return List.of();
        }
        Set<String> refs = new LinkedHashSet<>();
        for (String line : command.split("\n")) {
            if (HostFiles.inert(line) && command.indexOf('\n') >= 0) {
                continue;
            }
            Matcher m = PATH.matcher(line);
            while (m.find() && refs.size() < MAX_REFS) {
                String p = m.group();
                if (p.length() < 2 || NOT_FILES.matcher(p).matches()) {
                    continue;
                }
                refs.add(p);
            }
        }
        return new ArrayList<>(refs);
    }
}

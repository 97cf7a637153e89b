package dev.ferret.collect.linux.persistence;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One line of an authorized_keys file: {@code [options] type base64 [comment]}. Options may hold quoted
 * values with spaces and commas ({@code command="..."}, {@code from="..."}).
 *
 * @param options     the options text as written, empty when none
 * @param type        the key type (ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256, sk-..., *-cert-v01@openssh.com)
 * @param fingerprint "SHA256:..." as ssh-keygen -l prints it, or the key text itself when it is not base64
 * @param comment     the comment, empty when none
 */
public record AuthorizedKey(String options, String type, String fingerprint, String comment) {
    private static final Pattern TYPE = Pattern.compile("(ssh-|ecdsa-|sk-)[\\w@.+-]+");

    /** Parses a key line (or the abbreviated form {@link #abbreviated()} writes); empty for other text. */
    public static Optional<AuthorizedKey> parse(String line) {
        // sshd separates fields with spaces and tabs only: other "whitespace" (\x1c-\x1f) is part of a field
        String s = trimBlanks(line);
        if (s.isEmpty() || s.startsWith("#")) {
            return Optional.empty();
        }
        String options = "";
        String first = s.split("[ \\t]+", 2)[0];
        if (!TYPE.matcher(first).matches()) {
            int end = optionsEnd(s);
            options = s.substring(0, end);
            s = trimBlanks(s.substring(end));
        }
        String[] f = s.split("[ \\t]+", 3);
        if (f.length < 2 || !TYPE.matcher(f[0]).matches()) {
            return Optional.empty();
        }
        return Optional.of(new AuthorizedKey(options, f[0], fingerprint(f[1]), f.length > 2 ? trimBlanks(f[2]) : ""));
    }

    /** "options type SHA256:... comment": what a responder needs, without the long key blob. */
    public String abbreviated() {
        StringBuilder b = new StringBuilder();
        if (!options.isEmpty()) {
            b.append(options).append(' ');
        }
        b.append(type).append(' ').append(fingerprint);
        if (!comment.isEmpty()) {
            b.append(' ').append(comment);
        }
        return b.toString();
    }

    /** The value of an option such as {@code command} or {@code from}, unquoted; null when absent. */
    public String option(String name) {
        for (String o : splitOptions(options)) {
            int eq = o.indexOf('=');
            String key = eq < 0 ? o : o.substring(0, eq);
            if (key.equalsIgnoreCase(name)) {
                if (eq < 0) {
                    return "";
                }
                String v = o.substring(eq + 1);
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1).replace("\\\"", "\"");
                }
                return v;
            }
        }
        return null;
    }

    /** The forced command ({@code command="..."}), null when the key has none. */
    public String forcedCommand() {
        return option("command");
    }

    private static String trimBlanks(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && isBlank(s.charAt(from))) {
            from++;
        }
        while (to > from && isBlank(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    private static int optionsEnd(String s) {
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quoted && i + 1 < s.length()) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == ' ' || c == '\t')) {
                return i;
            }
        }
        return s.length();
    }

    private static List<String> splitOptions(String options) {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < options.length(); i++) {
            char c = options.charAt(i);
            if (c == '\\' && quoted && i + 1 < options.length()) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(options.substring(start, i));
                start = i + 1;
            }
        }
        if (start < options.length()) {
            out.add(options.substring(start));
        }
        return out;
    }

    private static String fingerprint(String blob) {
        if (blob.startsWith("SHA256:")) {
            return blob;
        }
        try {
            byte[] key = Base64.getDecoder().decode(blob);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (IllegalArgumentException e) {
            return blob.length() > 24 ? blob.substring(0, 24) + "..." : blob;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

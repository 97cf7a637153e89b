package dev.ferret.collect.linux.dpkg;

import java.util.ArrayList;
import java.util.List;

/**
 * Where dpkg keeps its database and how it names things. With {@link DpkgMd5sums}, {@link DpkgStatus} and
 * {@link DpkgDiversions} this is the one place ferret parses dpkg's files; the sweep, the access collectors and
 * the response all read through it.
 */
public final class Dpkg {
    /** Per-package lists: {@code PKG[:ARCH].list} (every path) and {@code PKG[:ARCH].md5sums}. */
    public static final String INFO = "/var/lib/dpkg/info";
    /** One paragraph per package: name, status, version, conffiles with their MD5. */
    public static final String STATUS = "/var/lib/dpkg/status";
    /** Three lines per diversion: the diverted path, where it went, the diverting package. */
    public static final String DIVERSIONS = "/var/lib/dpkg/diversions";

    private static final List<String> MERGED_USR = List.of("bin/", "sbin/", "lib/", "lib32/", "lib64/", "libx32/");

    private Dpkg() {
    }

    /** The package an info file belongs to: "libc6:amd64.md5sums" → "libc6". */
    public static String packageOf(String infoFileName) {
        int dot = infoFileName.lastIndexOf('.');
        String pkg = dot > 0 ? infoFileName.substring(0, dot) : infoFileName;
        int colon = pkg.indexOf(':');
        return colon > 0 ? pkg.substring(0, colon) : pkg;
    }

    /**
     * Every spelling of a recorded path ("/bin/ls") on the host: on a merged-/usr system /bin is a link to
     * usr/bin and dpkg may name either, so both are returned there.
     */
    public static List<String> spellings(String path, boolean mergedUsr) {
        List<String> out = new ArrayList<>(2);
        out.add(path);
        if (!mergedUsr || !path.startsWith("/")) {
            return out;
        }
        String rel = path.substring(1);
        if (MERGED_USR.stream().anyMatch(rel::startsWith)) {
            out.add("/usr/" + rel);
        } else if (rel.startsWith("usr/")) {
            String rest = rel.substring(4);
            if (MERGED_USR.stream().anyMatch(rest::startsWith)) {
                out.add("/" + rest);
            }
        }
        return out;
    }
}

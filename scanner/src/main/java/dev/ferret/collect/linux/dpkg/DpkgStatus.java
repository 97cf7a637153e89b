package dev.ferret.collect.linux.dpkg;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * dpkg's {@code status} file: one paragraph per package, separated by blank lines, with "Field: value" lines and
 * indented continuation lines (the {@code Conffiles:} list is " /path md5" per line). Streamed, and capped:
 * a status file beyond {@link #MAX_BYTES} is not a real one.
 */
public final class DpkgStatus {
    static final long MAX_BYTES = 256L << 20;

    /** A conffile as recorded: its path and the MD5 the package shipped. */
    public record Conffile(String path, String md5) {
    }

    /** One package's paragraph (fields absent from it are null). */
    public record Paragraph(String pkg, String version, String status, List<Conffile> conffiles) {
        /** "install ok installed": unpacked and configured. */
        public boolean installed() {
            return status != null && status.endsWith(" installed");
        }

        /** The version without its epoch ("1:2.4.1-1" → "2.4.1-1"). */
        public String versionWithoutEpoch() {
            return version == null ? null : version.replaceFirst("^\\d+:", "");
        }
    }

    private DpkgStatus() {
    }

    /** Reads a status file (never through a link) into the sink; a missing or non-regular file gives nothing. */
    public static void read(Path status, Consumer<Paragraph> sink) throws IOException {
        if (!Files.isRegularFile(status, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (SeekableByteChannel ch = Files.newByteChannel(status,
                Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
             BufferedReader r = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch),
                     StandardCharsets.UTF_8))) {
            read(r, sink);
        }
    }

    /** Calls the sink once per paragraph that names a package; stops after {@link #MAX_BYTES}. */
    public static void read(BufferedReader r, Consumer<Paragraph> sink) throws IOException {
        String pkg = null;
        String status = null;
        String version = null;
        List<Conffile> conffiles = new ArrayList<>();
        boolean inConffiles = false;
        long bytes = 0;
        for (String line; ; ) {
            line = r.readLine();
            if (line != null) {
                bytes += line.length() + 1;
            }
            if (line == null || line.isEmpty()) {
                if (pkg != null) {
                    sink.accept(new Paragraph(pkg, version, status, List.copyOf(conffiles)));
                }
                pkg = null;
                status = null;
                version = null;
                conffiles.clear();
                inConffiles = false;
                if (line == null || bytes > MAX_BYTES) {
                    return;
                }
                continue;
            }
            if (inConffiles && line.startsWith(" ")) {
                String[] parts = line.strip().split("\\s+");
                if (parts.length >= 2 && parts[0].startsWith("/") && parts[1].length() == 32) {
                    conffiles.add(new Conffile(parts[0], parts[1]));
                }
                continue;
            }
            inConffiles = false;
            if (line.startsWith("Package: ")) {
                pkg = line.substring(9).strip();
            } else if (line.startsWith("Status: ")) {
                status = line.substring(8).strip();
            } else if (line.startsWith("Version: ")) {
                version = line.substring(9).strip();
            } else if (line.startsWith("Conffiles:")) {
                inConffiles = true;
            }
        }
    }
}

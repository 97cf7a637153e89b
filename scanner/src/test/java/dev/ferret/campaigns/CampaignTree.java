package dev.ferret.campaigns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Linux root tree with one campaign's install planted in it, for {@code ferret scan --root}. Every planted
 * artefact is remembered with whether it is core (the campaign cannot run without it) so recall can be computed.
 */
final class CampaignTree {
    private final Path root;
    private final Map<String, Boolean> planted = new LinkedHashMap<>();

    CampaignTree(Path root, String hostname) {
        this.root = root;
        write("/etc/hostname", hostname + "\n", "rw-r--r--");
        write("/etc/os-release", "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n",
                "rw-r--r--");
        write("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n"
                + "www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n"
                + "deploy:x:1000:1000:deploy:/home/deploy:/bin/bash\n", "rw-r--r--");
    }

    Path root() {
        return root;
    }

    /** A planted text artefact; core artefacts are the ones recall is asserted on. */
    CampaignTree plant(String hostPath, String content, String mode, boolean core) {
        write(hostPath, content, mode);
        planted.put(hostPath, core);
        return this;
    }

    /** A planted executable: a copy of a real ELF of this machine under the campaign's name. */
    CampaignTree plantElf(String hostPath, boolean core) {
        try {
            Path p = path(hostPath);
            Files.createDirectories(p.getParent());
            // a real ELF made unique (its own name appended), so no artefact is found only as a copy of another
            byte[] elf = Files.readAllBytes(Path.of("/bin/true").toRealPath());
            byte[] tail = ("\0" + hostPath).getBytes(StandardCharsets.UTF_8);
            byte[] bytes = Arrays.copyOf(elf, elf.length + tail.length);
            System.arraycopy(tail, 0, bytes, elf.length, tail.length);
            Files.write(p, bytes);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        planted.put(hostPath, core);
        return this;
    }

    Map<String, Boolean> planted() {
        return planted;
    }

    private Path path(String hostPath) {
        return root.resolve(hostPath.substring(1));
    }

    private void write(String hostPath, String content, String mode) {
        try {
            Path p = path(hostPath);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

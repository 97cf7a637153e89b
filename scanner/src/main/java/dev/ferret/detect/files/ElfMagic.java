package dev.ferret.detect.files;

import java.io.IOException;
import java.nio.file.Path;

/** Tells native executables and scripts from data by their first bytes. */
final class ElfMagic {
    private ElfMagic() {
    }

    /** "ELF", "script" or null. */
    static String kind(Path file) {
        try {
            byte[] head = dev.ferret.collect.linux.ProcFiles.readBytes(file, 4); // non-blocking, regular files only
            if (head.length == 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') {
                return "ELF";
            }
            if (head.length >= 2 && head[0] == '#' && head[1] == '!') {
                return "script";
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}

package dev.ferret.sweep;

import dev.ferret.data.DataFileReader;
import dev.ferret.data.DataLine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The YARA external 'filetype' from a file's first bytes ({@code detect/file-types.txt}). */
public final class FileKinds {
    private record Magic(int offset, byte[] bytes, String type) {
    }

    private final List<Magic> magics;

    private FileKinds(List<Magic> magics) {
        this.magics = magics;
    }

    public static FileKinds builtIn() {
        List<Magic> magics = new ArrayList<>();
        for (DataLine line : DataFileReader.readResource("ferret/signatures/detect/file-types.txt")) {
            String[] f = line.text().split(";", 3);
            magics.add(new Magic(Integer.parseInt(f[0]), HexFormat.of().parseHex(f[1]), f[2]));
        }
        return new FileKinds(magics);
    }

    /** The type name, or "" when no magic matches (rules compare with ==, so never null). */
    public String of(ByteBuffer content) {
        for (Magic m : magics) {
            if (content.limit() >= m.offset() + m.bytes().length && matches(content, m)) {
                return m.type();
            }
        }
        return "";
    }

    private static boolean matches(ByteBuffer content, Magic m) {
        for (int i = 0; i < m.bytes().length; i++) {
            if (content.get(m.offset() + i) != m.bytes()[i]) {
                return false;
            }
        }
        return true;
    }
}

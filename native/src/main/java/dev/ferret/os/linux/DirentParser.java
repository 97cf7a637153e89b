package dev.ferret.os.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decodes the records getdents64 fills: {@code u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]}.
 * Lengths come from the kernel, but the parser still refuses records that would run past the buffer.
 */
final class DirentParser {
    private static final int NAME_OFFSET = 19;

    private DirentParser() {
    }

    static void parse(byte[] data, List<String> names) {
        ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.nativeOrder());
        int pos = 0;
        while (pos + NAME_OFFSET < data.length) {
            int reclen = Short.toUnsignedInt(buf.getShort(pos + 16));
            if (reclen < NAME_OFFSET || pos + reclen > data.length) {
                return;
            }
            int end = pos + NAME_OFFSET;
            while (end < pos + reclen && data[end] != 0) {
                end++;
            }
            String name = new String(data, pos + NAME_OFFSET, end - pos - NAME_OFFSET, StandardCharsets.UTF_8);
            if (!name.equals(".") && !name.equals("..")) {
                names.add(name);
            }
            pos += reclen;
        }
    }
}

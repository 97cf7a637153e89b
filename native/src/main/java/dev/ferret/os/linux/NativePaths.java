package dev.ferret.os.linux;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A path's exact bytes as a NUL-terminated C string. Linux names are bytes: a name that is not UTF-8
 * ({@code bad\xff}) loses them in {@link Path#toString()}, and opening that text would open another file or none.
 * The JDK keeps the bytes inside the Path and gives them out, percent-encoded, in its file URI.
 */
public final class NativePaths {
    private NativePaths() {
    }

    /** The bytes the kernel should be given for {@code path}, with the terminating NUL. */
    public static byte[] cString(Path path) {
        String text = path.toString();
        byte[] bytes = text.indexOf('\uFFFD') < 0 ? text.getBytes(StandardCharsets.UTF_8) : fromUri(path);
        byte[] c = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, c, 0, bytes.length);
        return c;
    }

    private static byte[] fromUri(Path path) {
        // the URI path of a relative Path is made absolute against the working directory: so is open(2)'s
        String raw = path.toAbsolutePath().toUri().getRawPath();
        if (raw.length() > 1 && raw.endsWith("/") && !path.toString().endsWith("/")) {
            raw = raw.substring(0, raw.length() - 1); // toUri marks directories with a slash
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c); // the URI's other characters are ASCII
            }
        }
        return out.toByteArray();
    }
}

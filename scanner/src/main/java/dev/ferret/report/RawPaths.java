package dev.ferret.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferret.model.Finding;
import dev.ferret.model.PathBytes;

/**
 * The exact bytes of paths that are not valid UTF-8: {@code file.path} and the like keep readable (lossy) text,
 * and {@code ferret.raw.<ECS field>} holds the bytes in base64 (e.g. {@code ferret.raw.file.path}), so a
 * response made from the report acts on exactly the file that was found.
 */
final class RawPaths {
    private RawPaths() {
    }

    static void add(ObjectNode ferret, Finding f) {
        if (f.file() != null) {
            put(ferret, "file", "path", f.file().path());
        }
        if (f.process() != null) {
            put(ferret, "process", "executable", f.process().executable());
        }
        if (f.persistence() != null) {
            String raw = PathBytes.rawBase64(f.persistence().path());
            if (raw != null) {
                raw(ferret).withObject("/ferret").withObject("/persistence").put("path", raw);
            }
        }
    }

    private static void put(ObjectNode ferret, String object, String field, String value) {
        String raw = value == null ? null : PathBytes.rawBase64(value);
        if (raw != null) {
            raw(ferret).withObject("/" + object).put(field, raw);
        }
    }

    private static ObjectNode raw(ObjectNode ferret) {
        return ferret.withObject("/raw");
    }
}

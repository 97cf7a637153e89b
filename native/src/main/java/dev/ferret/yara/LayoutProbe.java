package dev.ferret.yara;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds which {@link YaraLayout} the loaded libyara uses. libyara has no run-time version call,
 * so the probe compiles a rule whose name, tag, namespace, meta and string it knows, scans a
 * buffer where the string sits at a known offset, and, in the match callback, checks every
 * field the binding will later read, layout by layout. A pointer is only followed when its value
 * looks like a user-space address, so a wrong guess (4.4's {@code required_strings} counter
 * where 4.2 has the identifier pointer) is rejected without being dereferenced.
 */
final class LayoutProbe {

    static final String RULE = "ferret_layout_probe";
    static final String TAG = "ferret_probe_tag";
    static final String NAMESPACE = "ferret_probe_ns";
    static final String META_KEY = "probe_meta";
    static final String META_VALUE = "ferret-probe-meta";
    static final String STRING_ID = "$probe";
    static final String MARKER = "ferret-probe-marker";
    private static final String PADDING = "0123456789abc";

    private static final String SOURCE = "rule " + RULE + " : " + TAG + " {\n"
            + "  meta:\n    " + META_KEY + " = \"" + META_VALUE + "\"\n"
            + "  strings:\n    " + STRING_ID + " = \"" + MARKER + "\"\n"
            + "  condition:\n    " + STRING_ID + "\n}\n";

    private LayoutProbe() {
    }

    static YaraLayout detect(YaraLibrary lib) throws YaraUnavailableException {
        Pointer rules = compileProbe(lib);
        try {
            return scanProbe(lib, rules);
        } finally {
            lib.yr_rules_destroy(rules);
        }
    }

    private static Pointer compileProbe(YaraLibrary lib) throws YaraUnavailableException {
        PointerByReference ref = new PointerByReference();
        int rc = lib.yr_compiler_create(ref);
        if (rc != YaraLibrary.ERROR_SUCCESS) {
            throw new YaraUnavailableException("libyara compiler could not be created: " + YaraErrors.name(rc));
        }
        Pointer compiler = ref.getValue();
        try {
            if (lib.yr_compiler_add_string(compiler, NativeStrings.c(SOURCE), NativeStrings.c(NAMESPACE)) != 0) {
                throw new YaraUnavailableException("libyara rejected the layout probe rule");
            }
            rc = lib.yr_compiler_get_rules(compiler, ref);
            if (rc != YaraLibrary.ERROR_SUCCESS) {
                throw new YaraUnavailableException("libyara could not build the layout probe: " + YaraErrors.name(rc));
            }
            return ref.getValue();
        } finally {
            lib.yr_compiler_destroy(compiler);
        }
    }

    private static YaraLayout scanProbe(YaraLibrary lib, Pointer rules) throws YaraUnavailableException {
        PointerByReference ref = new PointerByReference();
        int rc = lib.yr_scanner_create(rules, ref);
        if (rc != YaraLibrary.ERROR_SUCCESS) {
            throw new YaraUnavailableException("libyara scanner could not be created: " + YaraErrors.name(rc));
        }
        Pointer scanner = ref.getValue();
        byte[] data = (PADDING + MARKER + PADDING).getBytes(StandardCharsets.US_ASCII);
        Memory buffer = new Memory(data.length);
        buffer.write(0, data, 0, data.length);
        List<String> rejected = new ArrayList<>();
        YaraLayout[] found = new YaraLayout[1];
        YaraLibrary.ScanCallback callback = (context, message, messageData, userData) -> {
            if (message == YaraLibrary.CALLBACK_MSG_RULE_MATCHING && found[0] == null) {
                for (YaraLayout layout : YaraLayout.KNOWN) {
                    String problem;
                    try {
                        problem = check(layout, context, messageData);
                    } catch (RuntimeException e) {
                        problem = e.toString(); // never let it unwind through libyara
                    }
                    if (problem == null) {
                        found[0] = layout;
                        break;
                    }
                    rejected.add(layout.name() + ": " + problem);
                }
            }
            return YaraLibrary.CALLBACK_CONTINUE;
        };
        try {
            lib.yr_scanner_set_callback(scanner, callback, null);
            lib.yr_scanner_set_flags(scanner,
                    YaraLibrary.SCAN_FLAGS_REPORT_RULES_MATCHING | YaraLibrary.SCAN_FLAGS_NO_TRYCATCH);
            rc = lib.yr_scanner_scan_mem(scanner, buffer, data.length);
        } catch (RuntimeException e) {
            throw new YaraUnavailableException("unrecognised libyara struct layout (probe failed: " + e + ")");
        } finally {
            Reference.reachabilityFence(callback);
            lib.yr_scanner_destroy(scanner);
            buffer.close();
        }
        if (rc != YaraLibrary.ERROR_SUCCESS) {
            throw new YaraUnavailableException("libyara layout probe scan failed: " + YaraErrors.name(rc));
        }
        if (found[0] == null) {
            throw new YaraUnavailableException("unrecognised libyara struct layout ("
                    + (rejected.isEmpty() ? "probe rule did not match" : String.join("; ", rejected)) + ")");
        }
        return found[0];
    }

    /** Null when every field the binding reads is where {@code layout} says; else what is wrong. */
    static String check(YaraLayout layout, Pointer context, Pointer rule) {
        if (!RULE.equals(string(rule, layout.ruleIdentifier()))) {
            return "rule name not at offset " + layout.ruleIdentifier();
        }
        Pointer tags = pointer(rule, layout.ruleTags());
        if (tags == null || !List.of(TAG).equals(MatchReader.tags(tags))) {
            return "rule tags not at offset " + layout.ruleTags();
        }
        Pointer ns = pointer(rule, layout.ruleNamespace());
        if (ns == null || !NAMESPACE.equals(string(ns, layout.namespaceName()))) {
            return "rule namespace not at offset " + layout.ruleNamespace();
        }
        Pointer meta = pointer(rule, layout.ruleMetas());
        if (meta == null || !META_KEY.equals(string(meta, layout.metaIdentifier()))
                || meta.getInt(layout.metaType()) != YaraLayout.META_TYPE_STRING
                || !META_VALUE.equals(string(meta, layout.metaString()))
                || (meta.getInt(layout.metaFlags()) & YaraLayout.META_FLAGS_LAST_IN_RULE) == 0) {
            return "YR_META fields not where expected";
        }
        Pointer string = pointer(rule, layout.ruleStrings());
        if (string == null || !STRING_ID.equals(string(string, layout.stringIdentifier()))
                || (string.getInt(layout.stringFlags()) & YaraLayout.STRING_FLAGS_LAST_IN_RULE) == 0) {
            return "YR_STRING fields not where expected";
        }
        Pointer table = pointer(context, layout.contextMatches());
        if (table == null) {
            return "YR_SCAN_CONTEXT.matches not at offset " + layout.contextMatches();
        }
        long index = Integer.toUnsignedLong(string.getInt(layout.stringIndex()));
        if (index > 1_000_000) {
            return "YR_STRING.idx not at offset " + layout.stringIndex();
        }
        Pointer match = pointer(table, index * layout.matchesSize() + layout.matchesHead());
        if (match == null
                || match.getLong(layout.matchBase()) + match.getLong(layout.matchOffset()) != PADDING.length()
                || match.getInt(layout.matchLength()) != MARKER.length()
                || match.getInt(layout.matchDataLength()) < MARKER.length()) {
            return "YR_MATCH offset/length not where expected";
        }
        Pointer data = pointer(match, layout.matchData());
        if (data == null || !Arrays.equals(data.getByteArray(0, MARKER.length()),
                MARKER.getBytes(StandardCharsets.US_ASCII))) {
            return "YR_MATCH data not where expected";
        }
        return null;
    }

    /** The pointer stored at {@code base + offset}, or null if it does not look like one. */
    private static Pointer pointer(Pointer base, long offset) {
        long value = base.getLong(offset);
        // User-space addresses on x86-64 and arm64 (including 5-level paging) are below 2^56; a
        // small counter or flags word is far below the first mappable page.
        return value > 0xFFFF && value < (1L << 56) ? new Pointer(value) : null;
    }

    /** The short C string pointed to from {@code base + offset}, read byte by byte, bounded. */
    private static String string(Pointer base, long offset) {
        Pointer p = pointer(base, offset);
        if (p == null) {
            return null;
        }
        byte[] bytes = new byte[64];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = p.getByte(i);
            if (bytes[i] == 0) {
                return new String(bytes, 0, i, StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}

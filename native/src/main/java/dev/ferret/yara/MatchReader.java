package dev.ferret.yara;

import com.sun.jna.Pointer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the {@code YR_RULE*} handed to the scan callback into a {@link YaraMatch}, walking the
 * structs with the offsets of the detected {@link YaraLayout}. String matches live in the scan
 * context ({@code context->matches[string->idx]}), which is what libyara's own
 * {@code yr_string_matches_foreach} macro reads.
 */
final class MatchReader {

    private final YaraLayout layout;
    private final int maxStringMatches;
    private final int excerptBytes;

    MatchReader(YaraLayout layout, int maxStringMatches, int excerptBytes) {
        this.layout = layout;
        this.maxStringMatches = maxStringMatches;
        this.excerptBytes = excerptBytes;
    }

    YaraMatch read(Pointer context, Pointer rule) {
        Pointer ns = rule.getPointer(layout.ruleNamespace());
        return new YaraMatch(
                NativeStrings.readPointed(rule, layout.ruleIdentifier()),
                ns == null ? "" : NativeStrings.readPointed(ns, layout.namespaceName()),
                tags(rule.getPointer(layout.ruleTags())),
                metas(rule.getPointer(layout.ruleMetas())),
                strings(context.getPointer(layout.contextMatches()), rule.getPointer(layout.ruleStrings())));
    }

    /** Tags are stored back to back, each NUL-terminated, with an empty tag at the end. */
    static List<String> tags(Pointer tags) {
        List<String> out = new ArrayList<>();
        if (tags == null) {
            return out;
        }
        long at = 0;
        while (true) {
            long length = tags.indexOf(at, (byte) 0); // counted from at
            if (length == 0) {
                return out;
            }
            out.add(NativeStrings.read(tags, at));
            at += length + 1;
        }
    }

    private Map<String, Object> metas(Pointer meta) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (meta == null) {
            return out;
        }
        while (true) {
            String key = NativeStrings.readPointed(meta, layout.metaIdentifier());
            switch (meta.getInt(layout.metaType())) {
                case YaraLayout.META_TYPE_INTEGER -> out.put(key, meta.getLong(layout.metaInteger()));
                case YaraLayout.META_TYPE_BOOLEAN -> out.put(key, meta.getLong(layout.metaInteger()) != 0);
                case YaraLayout.META_TYPE_STRING -> out.put(key, NativeStrings.readPointed(meta, layout.metaString()));
                default -> { } // a type added by a later libyara: leave it out rather than guess
            }
            if ((meta.getInt(layout.metaFlags()) & YaraLayout.META_FLAGS_LAST_IN_RULE) != 0) {
                return out;
            }
            meta = meta.share(layout.metaSize());
        }
    }

    private List<StringMatch> strings(Pointer matchesTable, Pointer string) {
        List<StringMatch> out = new ArrayList<>();
        if (string == null || matchesTable == null) {
            return out;
        }
        while (out.size() < maxStringMatches) {
            int flags = string.getInt(layout.stringFlags());
            long index = Integer.toUnsignedLong(string.getInt(layout.stringIndex()));
            Pointer match = matchesTable.getPointer(index * layout.matchesSize() + layout.matchesHead());
            String identifier = null;
            while (match != null && out.size() < maxStringMatches) {
                if (match.getByte(layout.matchIsPrivate()) == 0) {
                    if (identifier == null) {
                        identifier = NativeStrings.readPointed(string, layout.stringIdentifier());
                    }
                    out.add(stringMatch(identifier, match));
                }
                match = match.getPointer(layout.matchNext());
            }
            if ((flags & YaraLayout.STRING_FLAGS_LAST_IN_RULE) != 0) {
                break;
            }
            string = string.share(layout.stringSize());
        }
        return out;
    }

    private StringMatch stringMatch(String identifier, Pointer match) {
        long offset = match.getLong(layout.matchBase()) + match.getLong(layout.matchOffset());
        int length = match.getInt(layout.matchLength());
        int available = Math.max(0, match.getInt(layout.matchDataLength()));
        Pointer data = match.getPointer(layout.matchData());
        int n = data == null ? 0 : Math.min(available, excerptBytes);
        return new StringMatch(identifier, offset, length, n == 0 ? new byte[0] : data.getByteArray(0, n));
    }
}

package dev.ferret.yara;

import java.util.List;

/**
 * Byte offsets of the libyara structures the binding reads (64-bit builds only). libyara has no
 * run-time version call, so {@link LayoutProbe} picks the row whose offsets make sense for a
 * rule it has just compiled and matched, and refuses a library where no row fits.
 *
 * <p>Sources: the installed 4.2.3 headers (checked with offsetof) and the bindgen layout tests
 * of yara-rust for 4.3.1 and 4.5.x. Only the {@code YR_RULE} header differs between the rows:
 * 4.4 added {@code required_strings} and padding before the identifier. Only libyara 4.2.3 is
 * installed on the build machines, so the 4.4 row has never run against a real library.
 *
 * @param name                 which libyara releases share this layout
 * @param ruleIdentifier       {@code YR_RULE.identifier} ({@code const char*})
 * @param ruleTags             {@code YR_RULE.tags} (NUL-separated list, ends with an empty tag)
 * @param ruleMetas            {@code YR_RULE.metas} ({@code YR_META*}, array)
 * @param ruleStrings          {@code YR_RULE.strings} ({@code YR_STRING*}, array)
 * @param ruleNamespace        {@code YR_RULE.ns} ({@code YR_NAMESPACE*})
 * @param ruleSize             {@code sizeof(YR_RULE)}
 * @param namespaceName        {@code YR_NAMESPACE.name}
 * @param stringFlags          {@code YR_STRING.flags} (uint32)
 * @param stringIndex          {@code YR_STRING.idx} (uint32): index into the scan context's matches
 * @param stringIdentifier     {@code YR_STRING.identifier}
 * @param stringSize           {@code sizeof(YR_STRING)}
 * @param metaIdentifier       {@code YR_META.identifier}
 * @param metaString           {@code YR_META.string}
 * @param metaInteger          {@code YR_META.integer} (int64, also booleans)
 * @param metaType             {@code YR_META.type} (int32)
 * @param metaFlags            {@code YR_META.flags} (int32)
 * @param metaSize             {@code sizeof(YR_META)}
 * @param matchesHead          {@code YR_MATCHES.head}
 * @param matchesSize          {@code sizeof(YR_MATCHES)}
 * @param matchBase            {@code YR_MATCH.base} (int64)
 * @param matchOffset          {@code YR_MATCH.offset} (int64)
 * @param matchLength          {@code YR_MATCH.match_length} (int32)
 * @param matchDataLength      {@code YR_MATCH.data_length} (int32)
 * @param matchData            {@code YR_MATCH.data}
 * @param matchNext            {@code YR_MATCH.next}
 * @param matchIsPrivate       {@code YR_MATCH.is_private} (bool)
 * @param contextMatches       {@code YR_SCAN_CONTEXT.matches} ({@code YR_MATCHES*}, by string idx)
 * @param rulesRulesTable      {@code YR_RULES.rules_table}
 * @param rulesExternalsTable  {@code YR_RULES.ext_vars_table}
 * @param externalType         {@code YR_EXTERNAL_VARIABLE.type} (int32)
 * @param externalValue        {@code YR_EXTERNAL_VARIABLE.value} (union)
 * @param externalIdentifier   {@code YR_EXTERNAL_VARIABLE.identifier}
 * @param externalSize         {@code sizeof(YR_EXTERNAL_VARIABLE)}
 */
public record YaraLayout(
        String name,
        int ruleIdentifier, int ruleTags, int ruleMetas, int ruleStrings, int ruleNamespace, int ruleSize,
        int namespaceName,
        int stringFlags, int stringIndex, int stringIdentifier, int stringSize,
        int metaIdentifier, int metaString, int metaInteger, int metaType, int metaFlags, int metaSize,
        int matchesHead, int matchesSize,
        int matchBase, int matchOffset, int matchLength, int matchDataLength, int matchData, int matchNext,
        int matchIsPrivate,
        int contextMatches,
        int rulesRulesTable, int rulesExternalsTable,
        int externalType, int externalValue, int externalIdentifier, int externalSize) {

    /** libyara 4.2 and 4.3: {@code YR_RULE.identifier} right after flags and num_atoms. */
    public static final YaraLayout V4_2 = new YaraLayout("4.2-4.3",
            8, 16, 24, 32, 40, 48,
            0,
            0, 4, 48, 56,
            0, 8, 16, 24, 28, 32,
            0, 24,
            0, 8, 16, 20, 24, 40,
            52,
            160,
            8, 24,
            0, 8, 16, 24);

    /** libyara 4.4 and 4.5: {@code required_strings} and padding push the identifier to 16. */
    public static final YaraLayout V4_4 = new YaraLayout("4.4-4.5",
            16, 24, 32, 40, 48, 56,
            0,
            0, 4, 48, 56,
            0, 8, 16, 24, 28, 32,
            0, 24,
            0, 8, 16, 20, 24, 40,
            52,
            160,
            8, 24,
            0, 8, 16, 24);

    /** Every layout the probe tries, oldest first. */
    public static final List<YaraLayout> KNOWN = List.of(V4_2, V4_4);

    // Flag and type values, unchanged from 4.2 through 4.5.
    static final int RULE_FLAGS_NULL = 0x04;
    static final int STRING_FLAGS_LAST_IN_RULE = 0x1000;
    static final int META_FLAGS_LAST_IN_RULE = 0x01;
    static final int META_TYPE_INTEGER = 1;
    static final int META_TYPE_STRING = 2;
    static final int META_TYPE_BOOLEAN = 3;
    static final int EXTERNAL_TYPE_NULL = 0;
    static final int EXTERNAL_TYPE_FLOAT = 1;
    static final int EXTERNAL_TYPE_INTEGER = 2;
    static final int EXTERNAL_TYPE_BOOLEAN = 3;
    static final int EXTERNAL_TYPE_STRING = 4;
    static final int EXTERNAL_TYPE_MALLOC_STRING = 5;

    @Override
    public String toString() {
        return "libyara " + name + " layout (YR_RULE.identifier at offset " + ruleIdentifier + ")";
    }
}

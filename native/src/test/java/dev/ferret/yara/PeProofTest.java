package dev.ferret.yara;

import dev.ferret.yara.SourceOutline.RuleSpan;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The partition's claim that a pe-module term demands an MZ header, checked against the libyara ferret runs:
 * no condition the proof accepts may match a file without "MZ" at offset 0, while the traps it refuses
 * (is_pe == 0, negations, constants) do match such files, so the check can tell the two apart.
 */
class PeProofTest {
    private static final List<String> CONDITIONS = List.of(
            "pe.is_pe", "pe.is_pe == 1", "pe.exports(\"x\")", "pe.exports(\"x\") == 0", "pe.imphash() != \"x\"",
            "pe.number_of_signatures == 0", "pe.number_of_sections == 0", "pe.number_of_resources == 0",
            "pe.sections[0].name != \".text\"", "pe.version_info[\"x\"] != \"y\"", "pe.timestamp != 1",
            "pe.entry_point == 0", "pe.imports(\"a.dll\") == 0", "pe.characteristics & pe.DLL == 0",
            "pe.is_dll() == 0", "pe.overlay.size == 0", "pe.rich_signature.clear_data == \"\"",
            "(pe.exports(\"a\") == 0 or pe.exports(\"b\") == 0)", "not pe.is_dll()", "not pe.number_of_signatures > 0",
            "for any i in (0..pe.number_of_sections) : (pe.sections[i].name != \"x\")", "true and pe.is_64bit() == 0",
            // traps: true on files the pe module never parsed
            "pe.is_pe == 0", "not pe.is_pe", "pe.is_pe != 1", "pe.DLL", "not defined pe.number_of_sections",
            "pe.machine == 0 or true", "not pe.is_dll() or true",
            "for all i in (0..pe.number_of_sections) : (pe.sections[i].name != \"x\")",
            "for none i in (0..pe.number_of_sections) : (pe.sections[i].name == \"x\")");

    @Test
    void noTermProvedToDemandMzMatchesAFileWithoutIt() throws Exception {
        StringBuilder source = new StringBuilder("import \"pe\"\n");
        for (int i = 0; i < CONDITIONS.size(); i++) {
            source.append("rule r").append(i).append(" { condition: ").append(CONDITIONS.get(i)).append(" }\n");
        }
        byte[] text = source.toString().getBytes(StandardCharsets.US_ASCII);
        Set<String> proved = new TreeSet<>();
        for (RuleSpan span : SourceOutline.of(text).rules()) {
            RuleFacts facts = RuleFacts.of(text, span.start(), span.end(), span.name());
            if (facts.header() != null && facts.header().equals(List.of(PeQuestions.MZ))) {
                proved.add(span.name());
            }
        }
        assertEquals(22, proved.size(), "the proof accepts the pe-only questions and none of the traps: " + proved);

        List<byte[]> notPe = List.of(new byte[0], TestYara.ascii("M"), TestYara.ascii("ZM" + "\0".repeat(200)),
                TestYara.ascii("\u007fELF\u0002\u0001\u0001" + "\0".repeat(300)), TestYara.ascii("#!/bin/sh\necho pe\n"),
                TestYara.ascii("PE\0\0" + "\0".repeat(500)));
        Set<String> matchedSomewhere = new TreeSet<>();
        try (YaraRules rules = TestYara.compile(source.toString()); YaraScanner scanner = rules.newScanner()) {
            for (byte[] file : notPe) {
                for (YaraMatch m : scanner.scanMemory(file, Map.of(), 10)) {
                    matchedSomewhere.add(m.rule());
                }
            }
        }
        List<String> unsound = new ArrayList<>(matchedSomewhere);
        unsound.retainAll(proved);
        assertEquals(List.of(), unsound, "rules proved to need MZ that matched a file without it");
        assertTrue(matchedSomewhere.size() >= 7, "the traps do match files without MZ: " + matchedSomewhere);
    }
}

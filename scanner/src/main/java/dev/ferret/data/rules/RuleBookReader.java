package dev.ferret.data.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ferret.data.DataFileReader;
import dev.ferret.data.DataLine;
import dev.ferret.scan.Area;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads rule declarations strictly: an unknown key, a missing key, a value out of range or an unknown area,
 * tactic or technique id stops loading with one line naming the file and the rule.
 */
final class RuleBookReader {
    private static final Pattern RULE_ID = Pattern.compile("[a-z0-9]+(\\.[a-z0-9][a-z0-9-]*)+");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]*");
    private static final Pattern TECHNIQUE_ID = Pattern.compile("T\\d{4}(\\.\\d{3})?");
    /** ATT&CK Enterprise tactics, as written in the declarations. */
    static final Set<String> TACTICS = Set.of("reconnaissance", "resource-development", "initial-access",
            "execution", "persistence", "privilege-escalation", "defense-evasion", "credential-access", "discovery",
            "lateral-movement", "collection", "command-and-control", "exfiltration", "impact");
    private static final long MAX_FILE_BYTES = 1 << 20;

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private RuleBookReader() {
    }

    /** The shipped files, named by {@code rules/index.txt}. */
    static RuleBook readResources() {
        List<Rule> rules = new ArrayList<>();
        for (DataLine line : DataFileReader.readResource(RuleBook.RESOURCE_DIR + "index.txt")) {
            String resource = RuleBook.RESOURCE_DIR + line.text();
            try (InputStream in = RuleBookReader.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new RuleCatalogException(line.where() + ": " + resource + " is missing from the build");
                }
                rules.addAll(parse(in.readAllBytes(), "rules/" + line.text()));
            } catch (IOException e) {
                throw new RuleCatalogException(resource + ": " + e.getMessage(), e);
            }
        }
        return new RuleBook(rules);
    }

    /** Every {@code *.yaml} regular file directly in {@code dir}, in name order. */
    static RuleBook readDirectory(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new RuleCatalogException(dir + ": not a directory");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new RuleCatalogException(dir + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new RuleCatalogException(dir + ": no .yaml rule files");
        }
        List<Rule> rules = new ArrayList<>();
        for (Path file : files) {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new RuleCatalogException(file + ": not a regular file");
            }
            try {
                if (Files.size(file) > MAX_FILE_BYTES) {
                    throw new RuleCatalogException(file + ": larger than " + MAX_FILE_BYTES + " bytes");
                }
                rules.addAll(parse(Files.readAllBytes(file), file.toString()));
            } catch (IOException e) {
                throw new RuleCatalogException(file + ": " + e.getMessage(), e);
            }
        }
        return new RuleBook(rules);
    }

    static List<Rule> parse(byte[] yaml, String source) {
        RuleFileFormat file;
        try {
            file = YAML.readValue(yaml, RuleFileFormat.class);
        } catch (UnrecognizedPropertyException e) {
            throw new RuleCatalogException(source + ": " + where(e) + "unknown key '" + e.getPropertyName()
                    + "' (known: " + e.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                    .collect(Collectors.joining(", ")) + ")", e);
        } catch (JsonMappingException e) {
            throw new RuleCatalogException(source + ": " + where(e) + firstLine(e.getOriginalMessage()), e);
        } catch (JsonProcessingException e) {
            throw new RuleCatalogException(source + ": not valid YAML: " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new RuleCatalogException(source + ": " + e.getMessage(), e);
        }
        if (file == null || file.rules() == null || file.rules().isEmpty()) {
            throw new RuleCatalogException(source + ": declares no rules");
        }
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < file.rules().size(); i++) {
            rules.add(check(file.rules().get(i), source, i));
        }
        return rules;
    }

    private static Rule check(RuleFileFormat.Declaration d, String source, int index) {
        String at = source + ": rules[" + index + "]";
        if (d == null) {
            throw new RuleCatalogException(at + ": empty declaration");
        }
        if (d.id() == null || !RULE_ID.matcher(d.id()).matches()) {
            throw new RuleCatalogException(at + ": id '" + d.id() + "' is not of the form area.name (lower case)");
        }
        String rule = source + ": rule " + d.id() + ": ";
        require(rule, "title", d.title());
        require(rule, "description", d.description());
        require(rule, "detector", d.detector());
        require(rule, "response", d.response());
        if (d.areas() == null || d.areas().isEmpty()) {
            throw new RuleCatalogException(rule + "'areas' lists no area");
        }
        EnumSet<Area> areas = EnumSet.noneOf(Area.class);
        for (String a : d.areas()) {
            areas.add(Arrays.stream(Area.values()).filter(x -> x.id().equals(a)).findFirst()
                    .orElseThrow(() -> new RuleCatalogException(rule + "unknown area '" + a + "' (known: "
                            + Arrays.stream(Area.values()).map(Area::id).collect(Collectors.joining(", ")) + ")")));
        }
        for (String t : d.attack().tactics()) {
            if (!TACTICS.contains(t)) {
                throw new RuleCatalogException(rule + "unknown ATT&CK tactic '" + t + "'");
            }
        }
        for (Map.Entry<String, Technique> t : d.attack().techniques().entrySet()) {
            checkName(rule, "technique", t.getKey());
            if (t.getValue() == null || t.getValue().id() == null
                    || !TECHNIQUE_ID.matcher(t.getValue().id()).matches()) {
                throw new RuleCatalogException(rule + "technique '" + t.getKey() + "' has no ATT&CK id of the form "
                        + "T1234 or T1234.001");
            }
            require(rule + "technique '" + t.getKey() + "': ", "name", t.getValue().name());
        }
        Map<String, Parameter> weights = parameters(rule, "weight", d.weights());
        for (Map.Entry<String, Parameter> w : weights.entrySet()) {
            double v = w.getValue().value();
            if (v < 0 || v > 100 || v != Math.rint(v)) {
                throw new RuleCatalogException(rule + "weight '" + w.getKey() + "' is " + v
                        + ": weights are whole numbers from 0 to 100");
            }
        }
        Map<String, Parameter> thresholds = parameters(rule, "threshold", d.thresholds());
        return new Rule(d.id(), d.title().strip(), d.description().strip(), d.detector(), Collections.unmodifiableSet(areas),
                List.copyOf(d.attack().tactics()), Collections.unmodifiableMap(new LinkedHashMap<>(d.attack().techniques())),
                weights, thresholds, d.response().strip(), source + " (" + d.id() + ")");
    }

    private static Map<String, Parameter> parameters(String rule, String kind, Map<String, Parameter> declared) {
        if (declared == null) {
            return Map.of();
        }
        for (Map.Entry<String, Parameter> p : declared.entrySet()) {
            checkName(rule, kind, p.getKey());
            if (p.getValue() == null || Double.isNaN(p.getValue().value())) {
                throw new RuleCatalogException(rule + kind + " '" + p.getKey() + "' has no value");
            }
            require(rule + kind + " '" + p.getKey() + "': ", "meaning", p.getValue().meaning());
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(declared));
    }

    private static void checkName(String rule, String kind, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new RuleCatalogException(rule + kind + " name '" + name + "' is not lower-case words with - or .");
        }
    }

    private static void require(String rule, String key, String value) {
        if (value == null || value.isBlank()) {
            throw new RuleCatalogException(rule + "'" + key + "' is empty");
        }
    }

    private static String where(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            } else if (r.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(r.getFieldName());
            }
        }
        String line = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
        return line + (path.isEmpty() ? "" : path + ": ");
    }

    private static String firstLine(String message) {
        String m = message == null ? "" : message.strip();
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).replaceAll("\\s*\\(index \\d+\\)", "")
                .replace("Missing required creator property", "missing key");
    }
}

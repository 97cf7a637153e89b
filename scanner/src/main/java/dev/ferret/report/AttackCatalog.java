package dev.ferret.report;

import dev.ferret.data.DataFileReader;
import dev.ferret.data.DataLine;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Names and tactics of the ATT&CK techniques a finding carries, from signatures' attack/techniques.txt. */
public final class AttackCatalog {
    /** One technique or sub-technique. */
    public record Technique(String id, String name, String tacticId, String tacticName) {
        public String tacticReference() {
            return "https://attack.mitre.org/tactics/" + tacticId + "/";
        }
    }

    private static final AttackCatalog BUILT_IN = load();
    private final Map<String, Technique> byId;

    private AttackCatalog(Map<String, Technique> byId) {
        this.byId = Map.copyOf(byId);
    }

    public static AttackCatalog builtIn() {
        return BUILT_IN;
    }

    public Optional<Technique> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    private static AttackCatalog load() {
        Map<String, Technique> map = new HashMap<>();
        for (DataLine line : DataFileReader.readResource("ferret/signatures/attack/techniques.txt")) {
            String[] f = line.text().split("\t");
            if (f.length == 4) {
                map.put(f[0].strip(), new Technique(f[0].strip(), f[1].strip(), f[2].strip(), f[3].strip()));
            }
        }
        return new AttackCatalog(map);
    }
}

package dev.ferret.data.rules;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A MITRE ATT&amp;CK technique: its id (T1014, T1574.006) and its name. */
public record Technique(String id, String name) {
    @JsonCreator
    public Technique(@JsonProperty(value = "id", required = true) String id,
                     @JsonProperty(value = "name", required = true) String name) {
        this.id = id;
        this.name = name;
    }
}

package dev.ferret.data.rules;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/** The shape of one rules file as written (checked by {@link RuleBookReader} before it becomes rules). */
record RuleFileFormat(List<Declaration> rules) {
    @JsonCreator
    RuleFileFormat(@JsonProperty(value = "rules", required = true) List<Declaration> rules) {
        this.rules = rules;
    }

    /** One rule as declared; optional maps may be absent (no weights, no thresholds). */
    record Declaration(String id, String title, String description, String detector, List<String> areas,
                       Attack attack, Map<String, Parameter> weights, Map<String, Parameter> thresholds,
                       String response) {
        @JsonCreator
        Declaration(@JsonProperty(value = "id", required = true) String id,
                    @JsonProperty(value = "title", required = true) String title,
                    @JsonProperty(value = "description", required = true) String description,
                    @JsonProperty(value = "detector", required = true) String detector,
                    @JsonProperty(value = "areas", required = true) List<String> areas,
                    @JsonProperty(value = "attack", required = true) Attack attack,
                    @JsonProperty("weights") Map<String, Parameter> weights,
                    @JsonProperty("thresholds") Map<String, Parameter> thresholds,
                    @JsonProperty(value = "response", required = true) String response) {
            this.id = id;
            this.title = title;
            this.description = description;
            this.detector = detector;
            this.areas = areas;
            this.attack = attack;
            this.weights = weights;
            this.thresholds = thresholds;
            this.response = response;
        }
    }

    /** ATT&amp;CK: tactics by name, techniques keyed by the name the detector uses for them. */
    record Attack(List<String> tactics, Map<String, Technique> techniques) {
        @JsonCreator
        Attack(@JsonProperty(value = "tactics", required = true) List<String> tactics,
               @JsonProperty(value = "techniques", required = true) Map<String, Technique> techniques) {
            this.tactics = tactics;
            this.techniques = techniques;
        }
    }
}

package dev.ferret.data.rules;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A number a detector uses (a reason's weight, a threshold), with one line saying what it means. */
public record Parameter(double value, String meaning) {
    @JsonCreator
    public Parameter(@JsonProperty(value = "value", required = true) Double value,
                     @JsonProperty(value = "meaning", required = true) String meaning) {
        this(value == null ? Double.NaN : value.doubleValue(), meaning);
    }
}

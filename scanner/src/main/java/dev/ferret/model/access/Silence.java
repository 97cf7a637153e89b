package dev.ferret.model.access;

import java.time.Duration;
import java.time.Instant;

/** A stretch of time in which a log recorded nothing: the entries just before and just after it. */
public record Silence(Instant from, Instant to) {
    public Duration length() {
        return Duration.between(from, to);
    }
}

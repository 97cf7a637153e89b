package dev.ferret.model;

/** One fact that supports a finding, with the weight (0–100) it contributes to the score. */
public record Reason(String text, int weight) {
}

package dev.ferret.data;

/** One indicator with the description its list gave it and where it was defined. */
public record Ioc(String value, String description, String source) {
}

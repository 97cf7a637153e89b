package dev.ferret.data;

/** One non-comment line of a data file, with where it came from and the comment block above it. */
public record DataLine(String source, int number, String text, String comment) {
    public String where() {
        return source + ":" + number;
    }
}

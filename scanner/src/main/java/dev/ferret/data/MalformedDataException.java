package dev.ferret.data;

/** A data file line that cannot be used; the message names the file and line. */
public class MalformedDataException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedDataException(DataLine line, String problem) {
        super(line.where() + ": " + problem + ": '" + abbreviate(line.text()) + "'");
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
}

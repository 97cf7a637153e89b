package dev.ferret.model.access;

/**
 * A line of a shell start-up file that changes where or whether history is kept (HISTFILE, HISTSIZE,
 * HISTFILESIZE, "set +o history", "unset HISTFILE").
 */
public record HistorySetting(String path, int line, String user, String text) {
    public String location() {
        return path + ":" + line;
    }
}

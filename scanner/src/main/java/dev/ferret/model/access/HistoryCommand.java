package dev.ferret.model.access;

import java.time.Instant;

/** One command from a history file; {@code time} is known when the shell wrote timestamps, else null. */
public record HistoryCommand(String user, String path, int line, Instant time, String command) {
    public String location() {
        return path + ":" + line;
    }
}

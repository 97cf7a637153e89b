package dev.ferret.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The warning a responder needs before a live scan without root: what the report will lack. */
final class RootWarning {
    static final String TEXT = "ferret: warning: not running as root: other users' processes (command lines, "
            + "executables, environment, memory), the owners of their sockets, root-only files (/root, other "
            + "users' crontabs and keys, protected logs) will be missing; the report's coverage record lists what "
            + "was skipped. Run with sudo for a full scan.";

    private RootWarning() {
    }

    /** The warning, when this live Linux scan runs without uid 0; empty otherwise. */
    static Optional<String> check(boolean live) {
        if (!live || !Files.isDirectory(Path.of("/proc/self"))) {
            return Optional.empty();
        }
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return uid instanceof Integer u && u != 0 ? Optional.of(TEXT) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}

package dev.ferret.respond.plan;

import java.util.List;
import java.util.Map;

/** What a step does, with the facts it needs to do it; one record per kind of action. */
public sealed interface Action {
    /** A short type name for JSON output and the audit log. */
    String type();

    /** Sends STOP (suspend), CONT or KILL to one process after checking it is still the planned one. */
    record Signal(ProcessTarget process, String signal) implements Action {
        public String type() {
            return "signal";
        }
    }

    /** Copies a file into the evidence store with its hashes and metadata. */
    record CaptureFile(String path) implements Action {
        public String type() {
            return "capture-file";
        }
    }

    /** Copies the executable of a process whose file was deleted (/proc/PID/exe): the only copy left. */
    record CaptureImage(ProcessTarget process) implements Action {
        public String type() {
            return "capture-image";
        }
    }

    /** Dumps the resident memory of a (suspended) process into the store. */
    record DumpMemory(ProcessTarget process) implements Action {
        public String type() {
            return "dump-memory";
        }
    }

    /**
     * Removes lines from a file, keeping every other byte, after saving the file for undo.
     *
     * @param mechanism cron, profile, init, supervisord, ssh-key, preload...
     * @param pokeDir   a directory whose time to update afterwards (a cron spool: cron rereads crontabs when
     *                  their directory changes, as crontab(1) does); null for none
     */
    record RemoveLines(String path, String mechanism, List<ExpectedLine> lines, String pokeDir) implements Action {
        public RemoveLines {
            lines = List.copyOf(lines);
        }

        public String type() {
            return "remove-lines";
        }
    }

    /** Removes one library from /etc/ld.so.preload (a line may name several). */
    record RemovePreloadEntry(String path, int line, String library) implements Action {
        public String type() {
            return "remove-preload-entry";
        }
    }

    /** Disables a systemd unit: systemctl on a live systemd host, else its enablement links are quarantined. */
    record DisableUnit(String path, String unit, String user) implements Action {
        public String type() {
            return "disable-unit";
        }
    }

    /** Moves a file (or a symlink) into the quarantine store; undo puts it back with its metadata. */
    record QuarantineFile(String path) implements Action {
        public String type() {
            return "quarantine-file";
        }
    }

    /** Drops traffic to and from an address. */
    record BlockAddress(String ip) implements Action {
        public String type() {
            return "block-address";
        }
    }

    /** Drops inbound connections to ports (SMB/RPC worm spread: 135, 137-139, 445). */
    record BlockInbound(List<Integer> tcp, List<Integer> udp) implements Action {
        public BlockInbound {
            tcp = List.copyOf(tcp);
            udp = List.copyOf(udp);
        }

        public String type() {
            return "block-inbound";
        }
    }

    /** A Windows operation: planned and printed with its PowerShell, never executed by this build. */
    record WindowsOperation(String operation, String target, Map<String, String> parameters) implements Action {
        public WindowsOperation {
            parameters = Map.copyOf(parameters);
        }

        public String type() {
            return "windows-" + operation;
        }
    }

    /** Something for the responder to do by hand (a domain to block at the resolver, a reboot). */
    record Notice(String text) implements Action {
        public String type() {
            return "notice";
        }
    }
}

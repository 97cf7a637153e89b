package dev.ferret.detect.persistence;

import dev.ferret.data.IpLiteral;
import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Response steps for persistence findings: keep the evidence, then undo the mechanism the way it is undone. */
final class Responses {
    private static final Pattern URL_HOST = Pattern.compile("(?i)\\b(?:https?|ftp)://([^/:\\s'\"|;&]+)");
    private static final Pattern RC_LINK = Pattern.compile("^/etc/(rc\\.d/)?rc[0-6S]\\.d/.*");

    private Responses() {
    }

    static void preserve(Finding.Builder f, String path) {
        f.respond("preserve a copy of " + path + " (content, times, hashes) before changing it");
    }

    /**
     * How to remove this entry. {@code wholeFile} says the entry came from a script file whose other lines may be
     * legitimate (a line is removed, or the file when nothing else in it is needed).
     */
    static void remove(Finding.Builder f, PersistenceEntry e, boolean wholeFile) {
        String path = e.path();
        int n = e.line();
        switch (e.kind()) {
            case Hints.CRON -> {
                if (n > 0 && path.startsWith("/var/spool/cron")) {
                    f.respond("remove line " + n + " of " + path + (e.user() != null
                            ? " (crontab -u " + e.user() + " -e)" : "") + " before killing what it started: "
                            + "cron would start it again");
                } else if (n > 0) {
                    f.respond("remove line " + n + " of " + path + " before killing what it started: "
                            + "cron would start it again");
                } else {
                    f.respond("remove " + path + " (run-parts runs every script in its directory)");
                }
                if (wholeFile) {
                    f.respond("delete " + path + " entirely unless a package owns it (dpkg -S / rpm -qf)");
                }
            }
            case Hints.SYSTEMD -> {
                String unit = unit(path);
                boolean userUnit = path.contains("/systemd/user/");
                if (userUnit && e.user() != null) {
                    f.respond("systemctl --user -M " + e.user() + "@ disable --now " + unit);
                } else if (userUnit) {
                    f.respond("systemctl --global disable " + unit + ", then stop it in every user session");
                } else {
                    f.respond("systemctl disable --now " + unit);
                }
                if (Hints.vendorUnit(e)) {
                    f.respond("find the package owning " + path + " (dpkg -S / rpm -qf): reinstall it, or remove "
                            + "the unit when no package owns it");
                } else {
                    f.respond("remove " + path + (path.endsWith(".conf") ? " (a drop-in)" : "")
                            + ", then systemctl daemon-reload");
                }
            }
            case Hints.INIT -> {
                if (RC_LINK.matcher(path).matches() && !wholeFile) {
                    f.respond("remove link " + path + (e.command() != null ? " (it starts " + e.command() + ")" : ""));
                } else if (n > 0 && path.contains("rc.local")) {
                    f.respond("remove line " + n + " of " + path);
                } else {
                    String name = path.substring(path.lastIndexOf('/') + 1);
                    if (n > 0) {
                        f.respond("remove line " + n + " of " + path);
                    }
                    f.respond("if " + path + " is not a package's (dpkg -S / rpm -qf): update-rc.d " + name
                            + " remove (or chkconfig --del " + name + "), then delete it");
                }
            }
            case Hints.SUPERVISORD -> {
                if (n > 0) {
                    f.respond("stop the program (supervisorctl stop) and remove its section (command at line " + n
                            + ") from " + path);
                } else {
                    f.respond("stop the supervisord that runs " + path + " (supervisorctl -c " + path
                            + " shutdown, or kill it), then remove " + path + " and the files it includes");
                }
            }
            case Hints.PRELOAD -> {
                if (path.equals(Hints.PRELOAD_FILE)) {
                    f.respond("remove line " + n + " (" + e.command() + ") from " + path
                            + ": no file, or an empty one, is the normal state");
                } else {
                    f.respond("remove the LD_PRELOAD assignment at line " + n + " of " + path);
                }
            }
            case Hints.SSH_KEY -> f.respond("remove line " + n + " of " + path + " (" + e.command() + ")");
            default -> {
                if (n > 0) {
                    f.respond("remove line " + n + " of " + path);
                } else {
                    f.respond("remove " + path);
                }
                if (wholeFile && n > 0) {
                    f.respond("delete " + path + " entirely when nothing else in it is needed");
                }
            }
        }
    }

    /** Blocking steps for the addresses a command downloads from. */
    static void blockDownloads(Finding.Builder f, String command) {
        Matcher m = URL_HOST.matcher(command);
        while (m.find()) {
            String host = m.group(1);
            if (IpLiteral.looksLikeAddress(host)) {
                f.respond("block outbound traffic to " + host + " (iptables -A OUTPUT -d " + host + " -j DROP)");
            } else {
                f.respond("block " + host + " at the egress proxy or DNS resolver");
            }
        }
    }

    /** Quarantine step for a concrete file (never for a directory, a glob or a path with variables). */
    static void quarantine(Finding.Builder f, dev.ferret.model.Snapshot snapshot, String path) {
        if (!Hints.concrete(snapshot, path)) {
            return;
        }
        f.respond("quarantine " + path + " after recording its hashes, and look for other copies by hash");
    }

    static void stopProcesses(Finding.Builder f) {
        f.respond("then find and stop the processes it started (a guardian restarts a miner: suspend both "
                + "with kill -STOP first)");
    }

    /** The unit a file belongs to: the file name, or the unit of a drop-in directory (x.service.d/y.conf). */
    static String unit(String path) {
        String parent = path.substring(0, Math.max(path.lastIndexOf('/'), 0));
        if (parent.endsWith(".d")) {
            String dir = parent.substring(parent.lastIndexOf('/') + 1);
            return dir.substring(0, dir.length() - 2);
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }
}

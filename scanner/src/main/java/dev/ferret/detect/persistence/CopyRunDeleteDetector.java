package dev.ferret.detect.persistence;

import dev.ferret.data.rules.Rule;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.Reason;
import dev.ferret.model.Snapshot;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Scripts and command lines that write a file, run it and delete it — the running program then has no file on
 * disk, and the copy that survives is elsewhere, often hidden. THREATS case 1: /etc/profile.d/php.sh copies
 * /bin/shh to /bin/-bash, runs it, deletes it; a cron job copies /etc/.sh to /tmp/, runs it and deletes it.
 * Writing is cp/mv/install/dd, {@code cat SRC > DST}, {@code curl -o}/{@code wget -O}, or any output
 * redirection; running is the file as a program or as the script of a shell or interpreter; deleting is
 * rm/unlink/shred. Relative names are followed through {@code cd}. One finding per written file, weighted by
 * its rule's {@code copy-run-delete} weight, more when the source is hidden or an IOC.
 */
public final class CopyRunDeleteDetector implements Detector {
    static final String ID = "linux.persistence.copy-run-delete";
    private static final Set<String> COPIERS = Set.of("cp", "mv", "install", "rsync");
    private static final Set<String> DELETERS = Set.of("rm", "unlink", "shred");
    private static final Set<String> INSTALL_OPTIONS_WITH_VALUE = Set.of("-m", "-o", "-g", "-S", "--mode", "--owner",
            "--group", "--suffix");

    /** A file the script wrote, and what happened to it next. */
    private static final class Write {
        final ShellCommands.Command command;
        final List<String> sources;
        final Set<String> targets;
        ShellCommands.Command run;
        String ran;

        Write(ShellCommands.Command command, List<String> sources, Set<String> targets) {
            this.command = command;
            this.sources = sources;
            this.targets = targets;
        }
    }

    @Override
    public String id() {
        return ID;
    }


    /** One write-run-delete sequence: the three commands, what was copied and the file that ran. */
    record Match(ShellCommands.Command write, List<String> sources, String ran, ShellCommands.Command run,
                 ShellCommands.Command delete) {
        Set<Integer> lines() {
            return new java.util.HashSet<>(List.of(write.line(), run.line(), delete.line()));
        }
    }

    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        List<Finding> findings = new ArrayList<>();
        for (PersistenceEntry e : snapshot.persistence()) {
            for (Match m : matches(e)) {
                findings.add(finding(snapshot, context, e, EntryLines.wholeFile(e), m));
            }
        }
        return findings;
    }

    /** The write-run-delete sequences in an entry's script or command line. */
    static List<Match> matches(PersistenceEntry e) {
        if (e.command() == null || e.kind().equals(Hints.SSH_KEY) || e.kind().equals(Hints.PRELOAD)) {
            return List.of();
        }
        boolean wholeFile = EntryLines.wholeFile(e);
        List<Match> found = new ArrayList<>();
        List<Write> writes = new ArrayList<>();
        String cwd = null;
        for (ShellCommands.Command c : ShellCommands.parse(e.command(), wholeFile ? 1 : e.line())) {
            String name = ShellCommands.program(c);
            if (name.equals("cd")) {
                cwd = c.words().size() > 1 ? ShellCommands.resolve(c.words().get(1), cwd) : null;
                continue;
            }
            for (String w : ShellCommands.executed(c)) {
                String p = ShellCommands.resolve(w, cwd);
                for (Write write : writes) {
                    if (write.run == null && p != null && write.targets.contains(p)) {
                        write.run = c;
                        write.ran = p;
                    }
                }
            }
            if (DELETERS.contains(name)) {
                for (String operand : ShellCommands.operands(c)) {
                    String p = ShellCommands.resolve(operand, cwd);
                    for (Write write : List.copyOf(writes)) {
                        if (write.run != null && p != null && matches(p, write.ran)) {
                            found.add(new Match(write.command, write.sources, write.ran, write.run, c));
                            writes.remove(write);
                        }
                    }
                }
            }
            Write write = write(c, cwd);
            if (write != null) {
                writes.add(write);
            }
        }
        return found;
    }

    /** The file a command writes, if it writes one. */
    private static Write write(ShellCommands.Command c, String cwd) {
        String name = ShellCommands.program(c);
        List<String> sources = new ArrayList<>();
        Set<String> targets = new LinkedHashSet<>();
        int program = ShellCommands.programIndex(c.words());
        List<String> words = program < 0 ? List.of() : c.words().subList(program + 1, c.words().size());
        if (COPIERS.contains(name)) {
            String targetDir = null;
            List<String> operands = new ArrayList<>();
            boolean options = true;
            for (int i = 0; i < words.size(); i++) {
                String w = words.get(i);
                if (options && w.equals("--")) {
                    options = false;
                } else if (options && (w.equals("-t") || w.equals("--target-directory")) && i + 1 < words.size()) {
                    targetDir = words.get(++i);
                } else if (options && w.startsWith("--target-directory=")) {
                    targetDir = w.substring(w.indexOf('=') + 1);
                } else if (options && name.equals("install") && INSTALL_OPTIONS_WITH_VALUE.contains(w)) {
                    i++;
                } else if (options && w.startsWith("-") && w.length() > 1) {
                    continue;
                } else {
                    operands.add(w);
                }
            }
            if (targetDir == null && operands.size() >= 2) {
                targetDir = operands.remove(operands.size() - 1);
                String dst = ShellCommands.resolve(targetDir, cwd);
                if (dst != null) {
                    targets.add(dst);
                }
            }
            if (targetDir != null) {
                for (String src : operands) {
                    String dst = ShellCommands.resolve(targetDir + "/" + ShellCommands.base(src), cwd);
                    if (dst != null) {
                        targets.add(dst);
                    }
                }
            }
            operands.forEach(s -> add(sources, ShellCommands.resolve(s, cwd)));
        } else if (name.equals("dd")) {
            for (String w : words) {
                if (w.startsWith("if=")) {
                    add(sources, ShellCommands.resolve(w.substring(3), cwd));
                } else if (w.startsWith("of=")) {
                    add(targets, ShellCommands.resolve(w.substring(3), cwd));
                }
            }
        } else if (name.equals("curl") || name.equals("wget")) {
            for (int i = 0; i < words.size(); i++) {
                String w = words.get(i);
                if ((w.equals("-o") || w.equals("--output") || w.equals("-O") && name.equals("wget"))
                        && i + 1 < words.size()) {
                    add(targets, ShellCommands.resolve(words.get(++i), cwd));
                } else if (w.startsWith("--output-document=") || w.startsWith("--output=")) {
                    add(targets, ShellCommands.resolve(w.substring(w.indexOf('=') + 1), cwd));
                } else if (w.contains("://")) {
                    sources.add(w);
                }
            }
            targets.remove("-");
        }
        for (String out : c.outputs()) {
            add(targets, ShellCommands.resolve(out, cwd));
            if (name.equals("cat")) {
                ShellCommands.operands(c).forEach(s -> add(sources, ShellCommands.resolve(s, cwd)));
            }
        }
        targets.remove("/dev/null");
        return targets.isEmpty() ? null : new Write(c, sources, targets);
    }

    private static void add(java.util.Collection<String> to, String value) {
        if (value != null && !value.isEmpty() && !to.contains(value)) {
            to.add(value);
        }
    }

    /** A deleted name matches the file that ran: equal, or a glob (rm -f /tmp/.sh*) that covers it. */
    static boolean matches(String deleted, String ran) {
        if (deleted.equals(ran)) {
            return true;
        }
        if (deleted.indexOf('*') < 0 && deleted.indexOf('?') < 0) {
            return false;
        }
        StringBuilder regex = new StringBuilder();
        for (char ch : deleted.toCharArray()) {
            regex.append(ch == '*' ? "[^/]*" : ch == '?' ? "[^/]" : Pattern.quote(String.valueOf(ch)));
        }
        return ran.matches(regex.toString());
    }

    private static Finding finding(Snapshot snapshot, DetectorContext context, PersistenceEntry e, boolean wholeFile,
                                   Match m) {
        int first = m.write().line();
        int last = m.delete().line();
        String source = m.sources().isEmpty() ? null : m.sources().get(0);
        String tool = ShellCommands.program(m.write());
        String what = Set.of("cp", "install", "cat", "dd", "rsync").contains(tool)
                ? "copies " + (source != null ? source + " to " : "") : "writes ";
        PersistenceEntry entry = wholeFile
                ? new PersistenceEntry(e.kind(), e.path(), first, e.user(),
                        m.write().text() + " ; " + m.run().text() + " ; " + m.delete().text(), e.mtime(),
                        refs(m))
                : e;
        String where = wholeFile ? e.path() + " lines " + first + "-" + last : e.location();
        Rule rule = context.data().rules().rule(ID);
        Finding.Builder f = Finding.builder(ID, "Persistence entry copies a file, runs the copy and deletes it")
                .category("persistence", "file").technique(Hints.technique(rule, e.kind()), rule.technique("file-deletion"))
                .persistence(entry)
                .reason(where + " " + what + m.ran() + " (" + Hints.quote(m.write().text()) + "), runs it ("
                        + Hints.quote(m.run().text()) + ") and deletes it (" + Hints.quote(m.delete().text())
                        + "): the running program leaves no file behind",
                        rule.weight("copy-run-delete"));
        double factor = Hints.factor(e, context.data().thresholds());
        Set<String> judged = new LinkedHashSet<>(m.sources());
        judged.add(m.ran());
        for (String p : judged) {
            if (p.startsWith("/")) {
                for (Reason r : Hints.pathReasons(p, context, factor)) {
                    f.reason(r.text(), r.weight());
                }
            }
        }
        Hints.addRecent(f, e, context);
        String kept = m.sources().stream().filter(s -> s.startsWith("/") && Hints.exists(snapshot, s)).findFirst()
                .orElse(null);
        if (kept != null) {
            f.file(Hints.file(snapshot, context, kept));
            Hints.hashIoc(Hints.file(snapshot, context, kept), context, rule).ifPresent(r -> f.reason(r.text(), r.weight()));
        } else if (source != null && source.startsWith("/")) {
            f.file(Hints.file(snapshot, context, source));
        }
        Responses.preserve(f, e.path());
        if (wholeFile && first != last) {
            f.respond("remove lines " + first + "-" + last + " of " + e.path()
                    + " (delete the file when nothing else in it is needed)");
        } else {
            Responses.remove(f, entry, wholeFile);
        }
        if (source != null && source.startsWith("/")) {
            Responses.quarantine(f, snapshot, source);
        }
        f.respond("find the process running the deleted " + m.ran()
                + " (ls -l /proc/*/exe | grep deleted), suspend it (kill -STOP) and copy /proc/PID/exe as evidence");
        return f.build();
    }

    private static List<String> refs(Match m) {
        List<String> refs = new ArrayList<>();
        m.sources().stream().filter(s -> s.startsWith("/")).forEach(refs::add);
        if (m.ran().startsWith("/") && !refs.contains(m.ran())) {
            refs.add(m.ran());
        }
        return refs;
    }
}

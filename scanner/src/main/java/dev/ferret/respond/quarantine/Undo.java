package dev.ferret.respond.quarantine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferret.collect.linux.persistence.RootedFiles;
import dev.ferret.respond.apply.Outcome;
import dev.ferret.respond.apply.Outcome.Status;
import dev.ferret.respond.linux.CommandRunner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Replays a store's undo journal, newest change first: quarantined files and links go back with their content,
 * owner, mode and times; edited files get their saved content back (only if nobody changed them since: a file
 * that differs from what ferret wrote is reported, never overwritten); firewall rules ferret added are deleted;
 * units it disabled are enabled again (not started). Each record is replayed once: replaying again finds
 * nothing left to do. Change times and inode numbers cannot be restored; the manifest keeps the originals.
 */
public final class Undo {
    private final Store store;
    private final Path rootOverride;
    private final CommandRunner runner;
    private final Clock clock;
    private final String run;

    /**
     * @param rootOverride where the image now is, when it was applied under another --root (null: as recorded)
     */
    public Undo(Store store, Path rootOverride, CommandRunner runner, Clock clock, String run) {
        this.store = store;
        this.rootOverride = rootOverride;
        this.runner = runner;
        this.clock = clock;
        this.run = run;
    }

    /** The records still to undo, newest first. */
    public List<JsonNode> pending() {
        Set<String> done = store.undone();
        List<JsonNode> records = new ArrayList<>(store.undoRecords());
        List<JsonNode> out = new ArrayList<>();
        for (int i = records.size() - 1; i >= 0; i--) {
            if (!done.contains(records.get(i).path("id").asText())) {
                out.add(records.get(i));
            }
        }
        return out;
    }

    /** One line per pending record, for the dry run and the confirmation. */
    public static String describe(JsonNode r) {
        String type = r.path("type").asText();
        return switch (type) {
            case "restore-file" -> "restore " + r.path("path").asText() + " (sha256 " + r.path("sha256").asText() + ")";
            case "restore-link" -> "recreate the link " + r.path("path").asText() + " -> "
                    + r.path("facts").path("link_target").asText();
            case "restore-content" -> "put back the saved content of " + r.path("path").asText();
            case "firewall-delete" -> "delete the firewall rule: " + join(r.path("command"));
            case "enable-unit" -> "enable " + r.path("unit").asText() + " again (not started)";
            default -> type + " " + r.path("path").asText();
        };
    }

    public List<Outcome> replay(Consumer<Outcome> progress) {
        ObjectNode start = audit("undo-start", null);
        start.put("pending", pending().size());
        store.audit(start);
        List<Outcome> outcomes = new ArrayList<>();
        for (JsonNode r : pending()) {
            Outcome o;
            try {
                o = undo(r);
            } catch (IOException | RuntimeException e) {
                o = outcome(r, Status.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            if (o.status() == Status.DONE || o.status() == Status.ALREADY_DONE) {
                try {
                    store.markUndone(r.path("id").asText(), run, clock.instant().toString());
                } catch (IOException e) {
                    o = outcome(r, Status.FAILED, o.message() + ", but the undo journal could not be updated: " + e);
                }
            }
            outcomes.add(o);
            ObjectNode e = audit("undo", o);
            e.put("undo", r.path("id").asText());
            store.audit(e);
            if (progress != null) {
                progress.accept(o);
            }
        }
        ObjectNode end = audit("undo-end", null);
        end.put("records", outcomes.size());
        end.put("failed", outcomes.stream().filter(o -> o.status() == Status.FAILED).count());
        store.audit(end);
        return outcomes;
    }

    private ObjectNode audit(String event, Outcome o) {
        ObjectNode e = store.node();
        e.put("@timestamp", clock.instant().toString());
        e.put("run", run);
        e.put("event", event);
        if (o != null) {
            e.put("step", o.stepId());
            e.put("action", o.action());
            e.put("target", o.target());
            e.put("result", o.status().id());
            e.put(o.status() == Status.FAILED ? "error" : "message", o.message());
        }
        return e;
    }

    private Outcome undo(JsonNode r) throws IOException {
        return switch (r.path("type").asText()) {
            case "restore-file" -> restoreFile(r);
            case "restore-link" -> restoreLink(r);
            case "restore-content" -> restoreContent(r);
            case "firewall-delete" -> firewallDelete(r);
            case "enable-unit" -> enableUnit(r);
            default -> outcome(r, Status.FAILED, "unknown undo record type " + r.path("type").asText());
        };
    }

    private Outcome outcome(JsonNode r, Status status, String message) {
        String target = r.hasNonNull("path") ? r.get("path").asText() : describe(r);
        return Outcome.of(r.path("id").asText(), null, "undo-" + r.path("type").asText(), target, status, message);
    }

    private Path root(JsonNode r) {
        return rootOverride != null ? rootOverride : Path.of(r.path("root").asText("/"));
    }

    /** The parent directory under the root (created when it went missing) and the file's real path in it. */
    private Path target(JsonNode r, boolean create) throws IOException {
        String hostPath = r.path("path").asText();
        int slash = hostPath.lastIndexOf('/');
        String parent = slash <= 0 ? "/" : hostPath.substring(0, slash);
        Path dir = RootedFiles.locate(root(r), parent);
        if (dir == null) {
            if (!create) {
                return null;
            }
            dir = Files.createDirectories(root(r).resolve(parent.substring(1)));
        }
        return dev.ferret.model.PathBytes.resolve(dir, hostPath.substring(slash + 1));
    }

    private Outcome restoreFile(JsonNode r) throws IOException {
        String sha = r.path("sha256").asText();
        Path target = target(r, true);
        FileFacts facts = FileFacts.read(r.path("facts"));
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) && sha.equals(sha256(target))) {
                return outcome(r, Status.ALREADY_DONE, r.path("path").asText() + " is back already");
            }
            return outcome(r, Status.FAILED, r.path("path").asText() + " exists with other content: not overwritten "
                    + "(the quarantined copy is " + r.path("object").asText() + " in the store)");
        }
        if (!store.hasObject(sha)) {
            return outcome(r, Status.FAILED, "the store has no object " + sha);
        }
        Path temp = target.resolveSibling(".ferret-restore-" + Long.toHexString(System.nanoTime()));
        try {
            try (InputStream in = store.openObject(sha);
                 OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW,
                         StandardOpenOption.WRITE)) {
                in.transferTo(out);
            }
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            if (!sha.equals(sha256(temp))) {
                return outcome(r, Status.FAILED, "the stored copy of " + r.path("path").asText() + " does not decode "
                        + "to " + sha + ": not restored");
            }
            facts.applyTo(temp);
            try {
                Files.createLink(target, temp);
            } catch (FileAlreadyExistsException e) {
                return outcome(r, Status.FAILED, r.path("path").asText() + " appeared while it was restored: not "
                        + "overwritten");
            } catch (UnsupportedOperationException | IOException e) {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return outcome(r, Status.DONE, "restored " + r.path("path").asText() + " (sha256 " + sha + ", owner "
                + facts.uid() + ":" + facts.gid() + ", mode " + String.format("%04o", facts.mode()) + ", mtime "
                + facts.mtime() + ")");
    }

    private Outcome restoreLink(JsonNode r) throws IOException {
        Path target = target(r, true);
        FileFacts facts = FileFacts.read(r.path("facts"));
        if (Files.isSymbolicLink(target)) {
            if (Files.readSymbolicLink(target).toString().equals(facts.linkTarget())) {
                return outcome(r, Status.ALREADY_DONE, r.path("path").asText() + " is back already");
            }
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return outcome(r, Status.FAILED, r.path("path").asText() + " exists: not overwritten");
        }
        Files.createSymbolicLink(target, dev.ferret.model.PathBytes.linkTarget(facts.linkTarget()));
        facts.applyTo(target);
        return outcome(r, Status.DONE, "recreated the link " + r.path("path").asText() + " -> " + facts.linkTarget());
    }

    private Outcome restoreContent(JsonNode r) throws IOException {
        String sha = r.path("sha256").asText();
        String after = r.path("after_sha256").asText();
        Path target = target(r, true);
        FileFacts facts = FileFacts.read(r.path("facts"));
        boolean exists = Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS);
        if (exists) {
            String now = sha256(target);
            if (now.equals(sha)) {
                return outcome(r, Status.ALREADY_DONE, r.path("path").asText() + " has its saved content already");
            }
            if (!now.equals(after)) {
                return outcome(r, Status.FAILED, r.path("path").asText() + " changed after ferret edited it (sha256 "
                        + now + "): not overwritten; the saved content is " + r.path("object").asText());
            }
        } else if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return outcome(r, Status.FAILED, r.path("path").asText() + " is no longer a regular file: not touched");
        }
        byte[] content;
        try (InputStream in = store.openObject(sha)) {
            content = in.readAllBytes();
        }
        if (exists) {
            try (FileChannel ch = FileChannel.open(target, Set.of(StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS))) {
                ByteBuffer b = ByteBuffer.wrap(content);
                long pos = 0;
                while (b.hasRemaining()) {
                    pos += ch.write(b, pos);
                }
                ch.truncate(content.length);
                ch.force(true);
            }
        } else {
            Files.write(target, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        facts.applyTo(target);
        String poked = "";
        if (r.hasNonNull("poke_dir")) {
            Path dir = RootedFiles.locate(root(r), r.get("poke_dir").asText());
            if (dir != null) {
                Files.setLastModifiedTime(dir, FileTime.from(clock.instant()));
                poked = "; touched " + r.get("poke_dir").asText() + " so cron rereads it";
            }
        }
        return outcome(r, Status.DONE, "put back the saved content of " + r.path("path").asText() + " (sha256 " + sha
                + ")" + poked);
    }

    private Outcome firewallDelete(JsonNode r) throws IOException {
        List<String> command = list(r.path("command"));
        List<String> check = r.hasNonNull("check") ? list(r.get("check")) : null;
        if (check != null && !runner.run(check).ok()) {
            return outcome(r, Status.ALREADY_DONE, "the rule is gone already");
        }
        CommandRunner.Result res = runner.run(command);
        return res.ok() ? outcome(r, Status.DONE, "deleted: " + String.join(" ", command))
                : outcome(r, Status.FAILED, String.join(" ", command) + " failed: " + res.output());
    }

    private Outcome enableUnit(JsonNode r) throws IOException {
        String was = r.path("was_enabled").asText();
        if (!was.startsWith("enabled")) {
            return outcome(r, Status.ALREADY_DONE, r.path("unit").asText() + " was " + was + ": left as it is");
        }
        List<String> cmd = new ArrayList<>(List.of(runner.which("systemctl").orElse("systemctl")));
        if (r.hasNonNull("user")) {
            cmd.addAll(List.of("--user", "-M", r.get("user").asText() + "@"));
        }
        cmd.addAll(List.of("enable", r.path("unit").asText()));
        CommandRunner.Result res = runner.run(cmd);
        return res.ok() ? outcome(r, Status.DONE, "enabled " + r.path("unit").asText() + " again (not started: start "
                + "it yourself if it is legitimate)") : outcome(r, Status.FAILED, String.join(" ", cmd) + " failed: "
                + res.output());
    }

    private static List<String> list(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String join(JsonNode array) {
        return String.join(" ", list(array));
    }

    static String sha256(Path file) throws IOException {
        MessageDigest d = Store.digest("SHA-256");
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }
}

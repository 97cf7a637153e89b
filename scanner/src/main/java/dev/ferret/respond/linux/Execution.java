package dev.ferret.respond.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferret.os.linux.InodeFlags;
import dev.ferret.respond.apply.Outcome;
import dev.ferret.respond.apply.Outcome.Status;
import dev.ferret.respond.plan.Step;
import dev.ferret.respond.quarantine.FileFacts;
import dev.ferret.respond.quarantine.Store;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** What the Linux action handlers share: the store's manifest and undo records, outcomes, diagnoses. */
final class Execution {
    final Protection protection;
    final Store store;
    final Clock clock;
    final String run;

    Execution(Protection protection, Store store, Clock clock, String run) {
        this.protection = protection;
        this.store = store;
        this.clock = clock;
        this.run = run;
    }

    static Outcome outcome(Step step, Status status, String message) {
        return Outcome.of(step.id(), step.kind(), step.action().type(), step.target(), status, message);
    }

    ObjectNode manifestEntry(Step step, String kind, String path, Store.Stored stored, FileFacts facts) {
        ObjectNode m = store.node();
        m.put("@timestamp", clock.instant().toString());
        m.put("run", run);
        m.put("step", step.id());
        m.put("kind", kind);
        m.put("path", path);
        m.put("root", protection.root().toString());
        if (stored != null) {
            m.put("object", stored.object());
            m.put("md5", stored.md5());
            m.put("sha256", stored.sha256());
        }
        if (facts != null) {
            facts.write(m.putObject("facts"));
        }
        return m;
    }

    boolean inManifest(String kind, String path, String sha256) {
        for (JsonNode n : store.manifest()) {
            if (kind.equals(n.path("kind").asText()) && path.equals(n.path("path").asText())
                    && protection.root().toString().equals(n.path("root").asText())
                    && (sha256 == null || sha256.equals(n.path("sha256").asText()))) {
                return true;
            }
        }
        return false;
    }

    ObjectNode undoBase(Step step, String type, String path) {
        ObjectNode u = store.node();
        u.put("@timestamp", clock.instant().toString());
        u.put("run", run);
        u.put("step", step.id());
        u.put("type", type);
        if (path != null) {
            u.put("path", path);
            u.put("root", protection.root().toString());
        }
        return u;
    }

    ArrayNode strings(List<String> values) {
        ArrayNode a = store.json().createArrayNode();
        values.forEach(a::add);
        return a;
    }

    /** Reading evidence must not change what it is evidence of: the access time goes back as it was. */
    static void keepAccessTime(Path real, FileFacts facts) {
        try {
            Files.getFileAttributeView(real, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(null, FileTime.from(facts.atime()), null);
        } catch (IOException | RuntimeException e) {
            // an immutable or read-only file keeps whatever time it has
        }
    }

    /** Why a change failed, in the responder's terms (immutable flag, read-only mount, permissions). */
    static String diagnose(Path real, IOException e) {
        String flags = InodeFlags.describe(real.toString());
        if (flags != null) {
            return real + " is " + flags + " (chattr +i/+a): run chattr -i -a " + real + " and apply again";
        }
        Path parent = real.getParent();
        String parentFlags = parent == null ? null : InodeFlags.describe(parent.toString());
        if (parentFlags != null) {
            return "its directory " + parent + " is " + parentFlags + ": run chattr -i -a " + parent + " and apply again";
        }
        String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason()
                : e.getMessage();
        if (reason != null && reason.toLowerCase(Locale.ROOT).contains("read-only")) {
            return "the file system is mounted read-only (" + reason + ")";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied (" + reason + ")";
        }
        return reason == null ? e.toString() : reason;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

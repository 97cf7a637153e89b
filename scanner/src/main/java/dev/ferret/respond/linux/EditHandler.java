package dev.ferret.respond.linux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferret.respond.apply.Outcome;
import dev.ferret.respond.apply.Outcome.Status;
import dev.ferret.respond.plan.Action;
import dev.ferret.respond.plan.Step;
import dev.ferret.respond.quarantine.FileFacts;
import dev.ferret.respond.quarantine.Store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static dev.ferret.respond.linux.Execution.diagnose;
import static dev.ferret.respond.linux.Execution.keepAccessTime;
import static dev.ferret.respond.linux.Execution.outcome;
import static dev.ferret.respond.linux.Execution.sha256;

/** Removes lines (or one preload library) from a file in place, every other byte kept, after a backup. */
final class EditHandler implements ActionHandler {
    private static final int MAX_EDIT_BYTES = 16 << 20;

    private final Execution x;

    EditHandler(Execution x) {
        this.x = x;
    }

    @Override
    public Outcome execute(Step step) throws IOException {
        if (step.action() instanceof Action.RemoveLines r) {
            return edit(step, r.path(), r.pokeDir(), bytes -> LineSurgery.remove(bytes, r.lines()));
        }
        Action.RemovePreloadEntry r = (Action.RemovePreloadEntry) step.action();
        return edit(step, r.path(), null, bytes -> LineSurgery.removeWord(bytes, r.line(), r.library()));
    }

    /** A content transformation for {@link #edit}. */
    private interface Surgery {
        LineSurgery.Result apply(byte[] content);
    }

    private Outcome edit(Step step, String path, String pokeDir, Surgery surgery) throws IOException {
        Path real = x.protection.locate(path);
        if (real == null) {
            return outcome(step, Status.SKIPPED, path + " no longer exists");
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            return outcome(step, Status.REFUSED, path + " is not a regular file: not edited");
        }
        if (Files.size(real) > MAX_EDIT_BYTES) {
            return outcome(step, Status.FAILED, path + " is larger than " + (MAX_EDIT_BYTES >> 20) + " MiB: edit it by hand");
        }
        FileFacts facts = FileFacts.of(real);
        byte[] before = Files.readAllBytes(real);
        keepAccessTime(real, facts);
        LineSurgery.Result result = surgery.apply(before);
        if (!result.changed()) {
            return outcome(step, Status.ALREADY_DONE, "no matching line left in " + path + " (removed earlier)");
        }
        Store.Stored backup = x.store.storeBytes(before);
        x.store.manifest(x.manifestEntry(step, "backup", path, backup, facts));
        try {
            writeInPlace(real, result.content());
        } catch (IOException e) {
            byte[] now = readQuietly(real);
            if (now != null && !Arrays.equals(now, before) && !Arrays.equals(now, result.content())) {
                try {
                    writeInPlace(real, before);
                } catch (IOException restore) {
                    return outcome(step, Status.FAILED, "writing " + path + " failed half-way (" + e.getMessage()
                            + ") and restoring it failed too: restore it from " + backup.object() + " by hand");
                }
            }
            return outcome(step, Status.FAILED, "cannot rewrite " + path + ": " + diagnose(real, e)
                    + " (a backup is in the store as " + backup.object() + "; the file is unchanged)");
        }
        byte[] after = Files.readAllBytes(real);
        if (!Arrays.equals(after, result.content())) {
            return outcome(step, Status.FAILED, path + " does not read back as written: check it against the backup "
                    + backup.object());
        }
        String afterSha = sha256(after);
        ObjectNode u = x.undoBase(step, "restore-content", path);
        u.put("object", backup.object());
        u.put("sha256", backup.sha256());
        u.put("after_sha256", afterSha);
        facts.write(u.putObject("facts"));
        if (pokeDir != null) {
            u.put("poke_dir", pokeDir);
        }
        String undoId = x.store.undo(u);
        String poked = "";
        if (pokeDir != null) {
            Path dir = x.protection.locate(pokeDir);
            if (dir != null) {
                Files.setLastModifiedTime(dir, FileTime.from(x.clock.instant()));
                poked = "; touched " + pokeDir + " so cron rereads it";
            }
        }
        List<String> details = new ArrayList<>();
        details.add("backup " + backup.object() + " (sha256 " + backup.sha256() + ")");
        details.add("undo " + undoId);
        result.missing().forEach(m -> details.add("not found (removed earlier?): line " + m.line() + " '" + m.text() + "'"));
        return outcome(step, Status.DONE, "removed line" + (result.removed().size() > 1 ? "s " : " ")
                + String.join(", ", result.removed().stream().map(String::valueOf).toList()) + " of " + path
                + ", every other byte kept" + poked).withDetails(details);
    }

    /** Rewrites a file's content in place: same inode, owner, mode, links and extended attributes. */
    static void writeInPlace(Path real, byte[] content) throws IOException {
        try (FileChannel ch = FileChannel.open(real, Set.of(StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS))) {
            ByteBuffer b = ByteBuffer.wrap(content);
            long pos = 0;
            while (b.hasRemaining()) {
                pos += ch.write(b, pos);
            }
            ch.truncate(content.length);
            ch.force(true);
        }
    }

    private static byte[] readQuietly(Path real) {
        try {
            return Files.readAllBytes(real);
        } catch (IOException e) {
            return null;
        }
    }
}

package dev.ferret.respond.linux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferret.respond.apply.Outcome;
import dev.ferret.respond.apply.Outcome.Status;
import dev.ferret.respond.plan.Action;
import dev.ferret.respond.plan.Step;
import dev.ferret.respond.quarantine.FileFacts;
import dev.ferret.respond.quarantine.Store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.ferret.respond.linux.Execution.diagnose;
import static dev.ferret.respond.linux.Execution.outcome;

/** Moves a file (or a symlink) into the quarantine store, with its undo record. */
final class QuarantineHandler implements ActionHandler {
    private final Execution x;

    QuarantineHandler(Execution x) {
        this.x = x;
    }

    @Override
    public Outcome execute(Step step) throws IOException {
        return quarantine(step, ((Action.QuarantineFile) step.action()).path());
    }

    Outcome quarantine(Step step, String path) throws IOException {
        Path real = x.protection.locate(path);
        if (real == null) {
            return x.inManifest("quarantine", path, null)
                    ? outcome(step, Status.ALREADY_DONE, path + " is in quarantine already")
                    : outcome(step, Status.SKIPPED, path + " no longer exists");
        }
        Optional<String> refusal = x.protection.refuseFile(path, real);
        if (refusal.isPresent()) {
            return outcome(step, Status.REFUSED, refusal.get());
        }
        FileFacts facts = FileFacts.of(real);
        Store.Stored stored = null;
        if (facts.type().equals("file")) {
            stored = x.store.storeFile(real);
        } else if (!facts.type().equals("symlink")) {
            return outcome(step, Status.REFUSED, path + " is not a regular file or symlink (" + facts.type() + ")");
        }
        try {
            Files.delete(real);
        } catch (IOException e) {
            if (stored != null) {
                ObjectNode m = x.manifestEntry(step, "evidence", path, stored, facts);
                m.put("note", "quarantine failed: the original could not be removed");
                x.store.manifest(m);
            }
            return outcome(step, Status.FAILED, (stored != null ? "kept a copy as " + stored.object() + ", but " : "")
                    + path + " could not be removed: " + diagnose(real, e));
        }
        x.store.manifest(x.manifestEntry(step, "quarantine", path, stored, facts));
        ObjectNode u = x.undoBase(step, facts.type().equals("symlink") ? "restore-link" : "restore-file", path);
        if (stored != null) {
            u.put("object", stored.object());
            u.put("sha256", stored.sha256());
        }
        facts.write(u.putObject("facts"));
        String undoId = x.store.undo(u);
        List<String> details = new ArrayList<>();
        if (stored != null) {
            details.addAll(List.of("md5 " + stored.md5(), "sha256 " + stored.sha256(), "size " + stored.size()));
        }
        details.add("owner " + facts.uid() + ":" + facts.gid() + ", mode " + String.format("%04o", facts.mode())
                + ", mtime " + facts.mtime());
        details.add("undo " + undoId);
        return outcome(step, Status.DONE, facts.type().equals("symlink")
                ? "removed the link " + path + " (to " + facts.linkTarget() + ")"
                : "moved " + path + " into the store as " + stored.object()).withDetails(details);
    }
}

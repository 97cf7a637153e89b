package dev.ferret.respond.linux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferret.respond.apply.Outcome;
import dev.ferret.respond.apply.Outcome.Status;
import dev.ferret.respond.plan.Action;
import dev.ferret.respond.plan.ProcessTarget;
import dev.ferret.respond.plan.Step;
import dev.ferret.respond.quarantine.FileFacts;
import dev.ferret.respond.quarantine.Store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static dev.ferret.respond.linux.Execution.keepAccessTime;
import static dev.ferret.respond.linux.Execution.outcome;

/** Evidence: a file with its hashes and metadata, the image of a deleted executable, a memory dump. */
final class CaptureHandler implements ActionHandler {
    private static final long MAX_DUMP_BYTES = 1L << 30;

    private final Execution x;
    private final ProcessControl control;
    private final MemoryDumper dumper;

    CaptureHandler(Execution x, ProcessControl control, MemoryDumper dumper) {
        this.x = x;
        this.control = control;
        this.dumper = dumper;
    }

    @Override
    public Outcome execute(Step step) throws IOException {
        if (step.action() instanceof Action.CaptureFile c) {
            return capture(step, c.path());
        } else if (step.action() instanceof Action.CaptureImage c) {
            return captureImage(step, c.process());
        }
        return dumpMemory(step, ((Action.DumpMemory) step.action()).process());
    }

    private Outcome capture(Step step, String path) throws IOException {
        Path real = x.protection.locate(path);
        if (real == null) {
            return x.inManifest("quarantine", path, null)
                    ? outcome(step, Status.ALREADY_DONE, path + " is already in the store (quarantined earlier)")
                    : outcome(step, Status.SKIPPED, path + " no longer exists");
        }
        FileFacts facts = FileFacts.of(real);
        if (facts.type().equals("symlink")) {
            if (x.inManifest("evidence", path, null)) {
                return outcome(step, Status.ALREADY_DONE, path + " (a symlink to " + facts.linkTarget()
                        + ") is recorded already");
            }
            x.store.manifest(x.manifestEntry(step, "evidence", path, null, facts));
            return outcome(step, Status.DONE, path + " is a symlink to " + facts.linkTarget() + ": recorded");
        }
        if (!facts.type().equals("file")) {
            return outcome(step, Status.SKIPPED, path + " is not a regular file (" + facts.type() + ")");
        }
        Store.Stored stored = x.store.storeFile(real);
        keepAccessTime(real, facts);
        if (x.inManifest("evidence", path, stored.sha256())) {
            return outcome(step, Status.ALREADY_DONE, path + " is in the store already (" + stored.object() + ")");
        }
        x.store.manifest(x.manifestEntry(step, "evidence", path, stored, facts));
        return outcome(step, Status.DONE, "kept " + path + " as " + stored.object()).withDetails(List.of(
                "md5 " + stored.md5(), "sha256 " + stored.sha256(), "size " + stored.size(),
                "owner " + facts.uid() + ":" + facts.gid(), "mode " + String.format("%04o", facts.mode()),
                "mtime " + facts.mtime()));
    }

    private Outcome captureImage(Step step, ProcessTarget t) throws IOException {
        Optional<LiveProcess> p = control.table().get(t.pid());
        if (p.isEmpty() || p.get().exited() || t.startTicks() != null && p.get().startTicks() != t.startTicks()) {
            return outcome(step, Status.SKIPPED, "pid " + t.pid() + " is gone: its deleted executable went with it");
        }
        Store.Stored stored;
        try (InputStream in = Files.newInputStream(Path.of("/proc", Integer.toString(t.pid()), "exe"))) {
            stored = x.store.storeStream(in);
        }
        String path = t.executable() == null ? "/proc/" + t.pid() + "/exe" : t.executable();
        ObjectNode m = x.manifestEntry(step, "evidence", path, stored, null);
        m.put("source", "/proc/" + t.pid() + "/exe");
        m.put("deleted", true);
        x.store.manifest(m);
        return outcome(step, Status.DONE, "kept the deleted executable of pid " + t.pid() + " as " + stored.object())
                .withDetails(List.of("md5 " + stored.md5(), "sha256 " + stored.sha256(), "size " + stored.size()));
    }

    private Outcome dumpMemory(Step step, ProcessTarget t) throws IOException {
        Optional<LiveProcess> p = control.table().get(t.pid());
        if (p.isEmpty() || p.get().exited() || t.startTicks() != null && p.get().startTicks() != t.startTicks()) {
            return outcome(step, Status.SKIPPED, "pid " + t.pid() + " is gone");
        }
        if (!p.get().stopped()) {
            return outcome(step, Status.SKIPPED, "pid " + t.pid() + " is not suspended: a running process's memory "
                    + "changes while it is read (run the suspend steps too)");
        }
        MemoryDumper.Result r = dumper.dump(t.pid(), x.run + "-pid" + t.pid(), x.store, MAX_DUMP_BYTES);
        ObjectNode m = x.manifestEntry(step, "memory", "memory of pid " + t.pid(), null, null);
        m.put("dump", r.dump());
        m.put("index", r.index());
        m.put("bytes", r.bytes());
        m.put("sha256", r.sha256());
        x.store.manifest(m);
        return outcome(step, Status.DONE, "dumped " + r.bytes() + " bytes of " + r.regions() + " regions of pid "
                + t.pid() + " into " + r.dump() + (r.capped() ? " (capped at " + (MAX_DUMP_BYTES >> 20) + " MiB)" : ""));
    }
}

package dev.ferret.respond.linux;

import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.PersistenceKind;
import dev.ferret.respond.plan.ExpectedLine;

import java.util.List;

/**
 * One library is taken out of /etc/ld.so.preload (a line may name several); an LD_PRELOAD assignment in another
 * file loses its line. Both come last in the plan: every program loads the preload file.
 */
final class PreloadResponse implements PersistenceResponse {
    @Override
    public PersistenceKind kind() {
        return PersistenceKind.PRELOAD;
    }

    @Override
    public void plan(PersistenceEntry e, Finding f, List<String> chains, PlanItems items) {
        if (e.path().equals(PlanItems.PRELOAD_FILE)) {
            items.preloadEntry(new PlanItems.PreloadEntry(e.line(), PersistenceResponse.command(e)), chains, f);
        } else if (e.line() > 0) {
            items.edit(e.path(), kind().id(), true, new ExpectedLine(e.line(), "LD_PRELOAD",
                    ExpectedLine.Match.CONTAINS), null, chains, f);
        }
    }
}

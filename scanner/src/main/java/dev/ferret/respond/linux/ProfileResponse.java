package dev.ferret.respond.linux;

import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.PersistenceKind;
import dev.ferret.respond.plan.Why;

import java.util.List;

/** A script of its own in /etc/profile.d is quarantined; a line of a shared start-up file is removed. */
final class ProfileResponse implements PersistenceResponse {
    @Override
    public PersistenceKind kind() {
        return PersistenceKind.PROFILE;
    }

    @Override
    public void plan(PersistenceEntry e, Finding f, List<String> chains, PlanItems items) {
        String path = e.path();
        if (path.startsWith("/etc/profile.d/") && !items.packaged(path)) {
            items.file(path, true, chains, f, Why.of(f));
        } else if (PersistenceResponse.oneLine(e)) {
            items.edit(path, kind().id(), false, PlanItems.lineOf(f, e.line(), PersistenceResponse.command(e)), null,
                    chains, f);
        } else {
            items.notice("review " + path + " by hand: " + Why.of(f), chains, f);
        }
    }
}

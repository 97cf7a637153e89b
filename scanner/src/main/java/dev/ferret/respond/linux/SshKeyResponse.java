package dev.ferret.respond.linux;

import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.PersistenceKind;
import dev.ferret.respond.plan.ExpectedLine;

import java.util.List;

/** The planted key's line is removed from authorized_keys; the owner's other keys stay. */
final class SshKeyResponse implements PersistenceResponse {
    @Override
    public PersistenceKind kind() {
        return PersistenceKind.SSH_KEY;
    }

    @Override
    public void plan(PersistenceEntry e, Finding f, List<String> chains, PlanItems items) {
        if (e.line() > 0) {
            items.edit(e.path(), kind().id(), false, new ExpectedLine(e.line(), PersistenceResponse.command(e),
                    ExpectedLine.Match.AUTHORIZED_KEY), null, chains, f);
        }
    }
}

package dev.ferret.respond.linux;

import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.PersistenceKind;
import dev.ferret.respond.plan.ExpectedLine;
import dev.ferret.respond.plan.Why;

import java.util.List;

/**
 * A planted configuration (the main entry, a conf.d file, a hidden file) is quarantined; a [program] section of a
 * shared configuration is removed whole.
 */
final class SupervisordResponse implements PersistenceResponse {
    @Override
    public PersistenceKind kind() {
        return PersistenceKind.SUPERVISORD;
    }

    @Override
    public void plan(PersistenceEntry e, Finding f, List<String> chains, PlanItems items) {
        String path = e.path();
        if (e.line() == 0 || path.contains("/conf.d/") || path.contains("/.")) {
            items.file(path, true, chains, f, Why.of(f));
        } else {
            items.edit(path, kind().id(), false, new ExpectedLine(e.line(), PersistenceResponse.command(e),
                    ExpectedLine.Match.SECTION), null, chains, f);
        }
    }
}

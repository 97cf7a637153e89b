package dev.ferret.respond.linux;

import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.PersistenceKind;
import dev.ferret.respond.plan.ExpectedLine;
import dev.ferret.respond.plan.Why;

import java.util.List;

/**
 * A crontab line is removed (and its spool directory touched, so cron rereads it as after crontab(1)); a script
 * run by run-parts from a cron.* directory is quarantined whole.
 */
final class CronResponse implements PersistenceResponse {
    private static final String SPOOL = "/var/spool/cron/";

    @Override
    public PersistenceKind kind() {
        return PersistenceKind.CRON;
    }

    @Override
    public void plan(PersistenceEntry e, Finding f, List<String> chains, PlanItems items) {
        String path = e.path();
        if (PersistenceResponse.oneLine(e)) {
            String spool = path.startsWith(SPOOL) ? path.substring(0, path.lastIndexOf('/')) : null;
            items.edit(path, kind().id(), false, new ExpectedLine(e.line(), PersistenceResponse.command(e),
                    ExpectedLine.Match.CRON_COMMAND), spool, chains, f);
        } else {
            items.file(path, true, chains, f, Why.of(f) + " (run-parts runs every script in its directory)");
        }
    }
}

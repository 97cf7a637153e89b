package dev.ferret.respond.linux;

import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.PersistenceKind;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** How one Linux persistence mechanism is taken away: the lines removed, the files quarantined, the units disabled. */
interface PersistenceResponse {
    PersistenceKind kind();

    /** Adds what undoes the entry to the plan's items. */
    void plan(PersistenceEntry e, Finding f, List<String> chains, PlanItems items);

    /** The responses by mechanism; OTHER answers for kinds without their own. */
    static Map<PersistenceKind, PersistenceResponse> linux() {
        Map<PersistenceKind, PersistenceResponse> m = new EnumMap<>(PersistenceKind.class);
        for (PersistenceResponse r : List.of(new CronResponse(), new ProfileResponse(), new InitResponse(),
                new SystemdResponse(), new SupervisordResponse(), new PreloadResponse(), new SshKeyResponse(),
                new OtherResponse())) {
            m.put(r.kind(), r);
        }
        return m;
    }

    /** The entry's command, empty when it has none. */
    static String command(PersistenceEntry e) {
        return e.command() == null ? "" : e.command();
    }

    /** The entry is one line of its file (not the whole text, which a finding may quote). */
    static boolean oneLine(PersistenceEntry e) {
        return e.line() > 0 && command(e).indexOf('\n') < 0;
    }
}

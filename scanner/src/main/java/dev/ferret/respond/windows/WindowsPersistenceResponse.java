package dev.ferret.respond.windows;

import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.PersistenceKind;
import dev.ferret.respond.plan.Origin;
import dev.ferret.respond.plan.Step;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** How one Windows persistence mechanism is taken away: its evidence first, then its removal. */
interface WindowsPersistenceResponse {
    PersistenceKind kind();

    /**
     * @param disabledServices lower-case names of services the plan disables already (one step per service)
     */
    List<Step> steps(PersistenceEntry e, Origin o, Set<String> disabledServices);

    /** The responses by mechanism; OTHER answers for kinds without their own. */
    static Map<PersistenceKind, WindowsPersistenceResponse> all() {
        Map<PersistenceKind, WindowsPersistenceResponse> m = new EnumMap<>(PersistenceKind.class);
        for (WindowsPersistenceResponse r : List.of(new ServiceResponse(), new RunKeyResponse(),
                new ScheduledTaskResponse(), new StartupFolderResponse(), new WmiResponse(), new ManualResponse())) {
            m.put(r.kind(), r);
        }
        return m;
    }
}

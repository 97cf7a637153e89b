package dev.ferret.respond.windows;

import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.PersistenceKind;
import dev.ferret.respond.Shell;
import dev.ferret.respond.plan.Action;
import dev.ferret.respond.plan.Origin;
import dev.ferret.respond.plan.Step;
import dev.ferret.respond.plan.StepKind;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** A file in a startup folder is moved into the store. */
final class StartupFolderResponse implements WindowsPersistenceResponse {
    @Override
    public PersistenceKind kind() {
        return PersistenceKind.STARTUP_FOLDER;
    }

    @Override
    public List<Step> steps(PersistenceEntry e, Origin o, Set<String> disabledServices) {
        String path = e.path();
        return List.of(WindowsSteps.step(StepKind.PERSISTENCE, o, "take " + path + " out of the startup folder: "
                        + o.reason(), path, "move " + Shell.cmd(path) + " \"%STORE%\\\"", "Move-Item -LiteralPath "
                        + Shell.ps(path) + " -Destination " + WindowsSteps.STORE,
                WindowsGuard.fileRefusal(path).orElse(null), false,
                new Action.WindowsOperation("quarantine", path, Map.of("path", path))));
    }
}

package dev.ferret.respond.windows;

import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.PersistenceKind;
import dev.ferret.respond.Shell;
import dev.ferret.respond.plan.Action;
import dev.ferret.respond.plan.Origin;
import dev.ferret.respond.plan.Step;
import dev.ferret.respond.plan.StepKind;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A service (path {@code HKLM\SYSTEM\CurrentControlSet\Services\NAME}, optionally {@code \Parameters}; command
 * its ImagePath or ServiceDll): its key is exported, then it is stopped and disabled.
 */
final class ServiceResponse implements WindowsPersistenceResponse {
    private static final String SERVICES = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\";

    @Override
    public PersistenceKind kind() {
        return PersistenceKind.WINDOWS_SERVICE;
    }

    @Override
    public List<Step> steps(PersistenceEntry e, Origin o, Set<String> disabledServices) {
        String name = WindowsPaths.serviceName(e.path());
        if (name == null) {
            return List.of(WindowsSteps.notice(o, "review the service at " + e.path() + " by hand: " + o.reason()));
        }
        if (!disabledServices.add(name.toLowerCase(Locale.ROOT))) {
            return List.of();
        }
        Step export = WindowsSteps.step(StepKind.EVIDENCE, o, "export the service's registry key before changing it",
                SERVICES + name,
                "reg export \"" + SERVICES + name + "\" \"%STORE%\\service-" + name + ".reg\" /y",
                "reg.exe export " + Shell.ps(SERVICES + name) + " " + "(Join-Path " + WindowsSteps.STORE + " "
                        + Shell.ps("service-" + name + ".reg") + ") /y",
                null, false, new Action.WindowsOperation("export-key", name, Map.of("key", SERVICES + name)));
        return List.of(export, WindowsSteps.disableService(o, name, "stop and disable the service " + name + ": "
                + o.reason()));
    }
}

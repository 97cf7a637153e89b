package dev.ferret.respond.windows;

import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.PersistenceKind;
import dev.ferret.respond.Shell;
import dev.ferret.respond.plan.Action;
import dev.ferret.respond.plan.Origin;
import dev.ferret.respond.plan.Step;
import dev.ferret.respond.plan.StepKind;

import java.util.List;
import java.util.Set;

/**
 * A WMI event subscription (path {@code root\subscription:CLASS.Name="NAME"}): a step by hand, with the PowerShell
 * that exports the instance to the store and removes it (the filter, consumer and their binding are one
 * subscription: the responder checks which to remove).
 */
final class WmiResponse implements WindowsPersistenceResponse {
    private static final String PREFIX = "root\\subscription:";
    private static final String NAME = ".Name=\"";

    @Override
    public PersistenceKind kind() {
        return PersistenceKind.WMI_SUBSCRIPTION;
    }

    @Override
    public List<Step> steps(PersistenceEntry e, Origin o, Set<String> disabledServices) {
        String path = e.path();
        int at = path.indexOf(NAME);
        if (!path.startsWith(PREFIX) || at < 0 || !path.endsWith("\"")) {
            return List.of(ManualResponse.review(e, o));
        }
        String wmiClass = path.substring(PREFIX.length(), at);
        String name = path.substring(at + NAME.length(), path.length() - 1);
        String select = "Get-CimInstance -Namespace root/subscription -ClassName " + Shell.ps(wmiClass)
                + " | Where-Object { $_.Name -eq " + Shell.ps(name) + " }";
        String ps = select + " | Export-Clixml (Join-Path " + WindowsSteps.STORE + " " + Shell.ps("wmi-" + wmiClass
                + ".xml") + ")\n" + select + " | Remove-CimInstance";
        String text = "review the " + e.kind() + " entry " + e.location() + " by hand: " + o.reason();
        return List.of(WindowsSteps.step(StepKind.NOTICE, o, text, null, null, ps, null, true,
                new Action.Notice(text)));
    }
}

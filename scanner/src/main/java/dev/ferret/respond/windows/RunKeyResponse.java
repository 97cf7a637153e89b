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

/** A Run value (path {@code HKLM\...\CurrentVersion\Run\VALUE}, command its data): key exported, value removed. */
final class RunKeyResponse implements WindowsPersistenceResponse {
    @Override
    public PersistenceKind kind() {
        return PersistenceKind.RUN_KEY;
    }

    @Override
    public List<Step> steps(PersistenceEntry e, Origin o, Set<String> disabledServices) {
        String path = e.path();
        int cut = path.lastIndexOf('\\');
        String key = cut > 0 ? path.substring(0, cut) : path;
        String value = cut > 0 ? path.substring(cut + 1) : "";
        Step export = WindowsSteps.step(StepKind.EVIDENCE, o, "export the Run key before changing it", key,
                "reg export " + Shell.cmd(key) + " \"%STORE%\\run-key.reg\" /y",
                "reg.exe export " + Shell.ps(key) + " (Join-Path " + WindowsSteps.STORE + " 'run-key.reg') /y", null,
                false, new Action.WindowsOperation("export-key", key, Map.of("key", key)));
        Step remove = WindowsSteps.step(StepKind.PERSISTENCE, o, "remove the Run value " + value + " ("
                        + e.command() + "): " + o.reason(), path,
                "reg delete " + Shell.cmd(key) + " /v " + Shell.cmd(value) + " /f",
                "Remove-ItemProperty -LiteralPath " + Shell.ps(WindowsPaths.psDrive(key)) + " -Name "
                        + Shell.ps(value), null, false,
                new Action.WindowsOperation("remove-run-value", path, Map.of("key", key, "value", value)));
        return List.of(export, remove);
    }
}

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

/** A scheduled task (path {@code \Folder\Task}, or its file under System32\Tasks): XML exported, task deleted. */
final class ScheduledTaskResponse implements WindowsPersistenceResponse {
    @Override
    public PersistenceKind kind() {
        return PersistenceKind.SCHEDULED_TASK;
    }

    @Override
    public List<Step> steps(PersistenceEntry e, Origin o, Set<String> disabledServices) {
        String task = WindowsPaths.taskPath(e.path());
        int cut = task.lastIndexOf('\\');
        String folder = task.substring(0, cut + 1);
        String name = task.substring(cut + 1);
        Step export = WindowsSteps.step(StepKind.EVIDENCE, o, "export the task's XML before deleting it", task,
                "schtasks /Query /TN " + Shell.cmd(task) + " /XML > \"%STORE%\\task-" + name + ".xml\"",
                "Export-ScheduledTask -TaskName " + Shell.ps(name) + " -TaskPath " + Shell.ps(folder)
                        + " | Out-File (Join-Path " + WindowsSteps.STORE + " " + Shell.ps("task-" + name + ".xml")
                        + ")", null, false, new Action.WindowsOperation("export-task", task, Map.of("task", task)));
        Step delete = WindowsSteps.step(StepKind.PERSISTENCE, o, "delete the scheduled task " + task + ": "
                        + o.reason(), task, "schtasks /Delete /TN " + Shell.cmd(task) + " /F",
                "Unregister-ScheduledTask -TaskName " + Shell.ps(name) + " -TaskPath " + Shell.ps(folder)
                        + " -Confirm:$false", null, false,
                new Action.WindowsOperation("remove-task", task, Map.of("task", task)));
        return List.of(export, delete);
    }
}

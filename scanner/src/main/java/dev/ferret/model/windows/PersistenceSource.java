package dev.ferret.model.windows;

import dev.ferret.model.PersistenceEntry;

/**
 * Where a Windows persistence entry lives, in the terms its removal needs: the registry key and value of a Run
 * entry, the service name, the task name, the WMI object.
 *
 * @param mechanism run-key, winlogon, service, scheduled-task, startup-folder, wmi-subscription
 * @param key       registry key (Run keys, Winlogon, services), null otherwise
 * @param valueName registry value (Run keys, Winlogon)
 * @param name      service name, task path (\Microsoft\...\Name), startup file name or WMI object name
 * @param sid       the user the entry belongs to (HKU\&lt;sid&gt;, profile), null for machine-wide entries
 */
public record PersistenceSource(PersistenceEntry entry, String mechanism, String key, String valueName, String name,
                                String sid) {
}

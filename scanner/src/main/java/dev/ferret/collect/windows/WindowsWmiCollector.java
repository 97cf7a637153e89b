package dev.ferret.collect.windows;

import dev.ferret.collect.CollectOptions;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.Snapshot;
import dev.ferret.model.windows.PersistenceSource;
import dev.ferret.model.windows.WindowsFacts;
import dev.ferret.os.windows.WindowsException;
import dev.ferret.os.windows.WmiSubscription;

import java.util.ArrayList;
import java.util.List;

/** Permanent WMI event subscriptions (T1546.003): filters, consumers and their bindings, one entry each. */
public final class WindowsWmiCollector extends WindowsCollector {
    static final String AREA = "persistence";
    public static final String KIND = "wmi-subscription";

    public WindowsWmiCollector(WindowsSources sources) {
        super(AREA, sources);
    }

    @Override
    public void collect(Snapshot snapshot, CollectOptions options) {
        WindowsFacts facts = WindowsFacts.of(snapshot);
        WindowsEnvironment env = sources.environment();
        List<WmiSubscription> subscriptions;
        try {
            subscriptions = sources.wmi().subscriptions();
        } catch (WindowsException e) {
            snapshot.coverage().gap(AREA, "WMI subscriptions not queryable: " + e.getMessage(), "root\\subscription");
            return;
        }
        List<PersistenceEntry> entries = new ArrayList<>();
        for (WmiSubscription s : subscriptions) {
            String path = "root\\subscription:" + s.wmiClass() + (s.name() != null ? ".Name=\"" + s.name() + "\"" : "");
            List<String> refs = s.wmiClass().endsWith("Consumer") && s.text() != null
                    ? WindowsPaths.references(s.text(), env.machine(), env.systemRoot()) : List.of();
            PersistenceEntry entry = new PersistenceEntry(KIND, path, 0, null, s.text(), null, refs);
            entries.add(entry);
            facts.addPersistenceSource(new PersistenceSource(entry, KIND, null, null,
                    s.name() != null ? s.name() : s.text(), null));
        }
        snapshot.coverage().add(AREA, "WMI subscription objects", entries.size());
        snapshot.addPersistence(entries);
    }
}

package dev.ferret.respond.linux;

import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.PersistenceKind;
import dev.ferret.respond.plan.Why;

import java.util.List;

/** The unit is disabled and stopped; its file is quarantined unless it is a vendor unit under /usr/lib or /lib. */
final class SystemdResponse implements PersistenceResponse {
    @Override
    public PersistenceKind kind() {
        return PersistenceKind.SYSTEMD;
    }

    @Override
    public void plan(PersistenceEntry e, Finding f, List<String> chains, PlanItems items) {
        String path = e.path();
        String user = path.contains("/systemd/user/") && e.user() != null ? e.user() : null;
        items.unit(new PlanItems.Unit(path, unitOf(path), user), chains, f);
        if (!path.startsWith("/usr/lib/systemd/") && !path.startsWith("/lib/systemd/")) {
            items.file(path, true, chains, f, Why.of(f));
        }
    }

    /** The unit a file belongs to: its name, or for a drop-in (NAME.d/x.conf) the directory's NAME. */
    static String unitOf(String path) {
        String parent = path.substring(0, Math.max(path.lastIndexOf('/'), 0));
        if (parent.endsWith(".d")) {
            String dir = parent.substring(parent.lastIndexOf('/') + 1);
            return dir.substring(0, dir.length() - 2);
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }
}

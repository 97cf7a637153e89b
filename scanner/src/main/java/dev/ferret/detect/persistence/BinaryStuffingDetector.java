package dev.ferret.detect.persistence;

import dev.ferret.data.rules.Rule;
import dev.ferret.detect.Detector;
import dev.ferret.detect.DetectorContext;
import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.Snapshot;
import dev.ferret.model.StuffedFile;
import dev.ferret.model.StuffedFiles;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code linux.persistence.binary-stuffing}: a persistence file (crontab, cron.d file, unit, supervisord config, rc
 * file, authorized_keys) with NUL or other control bytes in it. Cron, systemd and sshd read past them, while tools
 * that call a file with a NUL "binary" skip it whole: stuffing hides the lines after it (T1027, T1564). Its entries
 * were parsed all the same; this finding names the file, the offset and the count. NUL bytes weigh the rule's
 * {@code nul} weight, other controls alone its {@code control} weight.
 */
public final class BinaryStuffingDetector implements Detector {
    static final String ID = "linux.persistence.binary-stuffing";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> detect(Snapshot snapshot, DetectorContext context) {
        List<Finding> findings = new ArrayList<>();
        Rule rule = context.data().rules().rule(ID);
        for (StuffedFile s : StuffedFiles.of(snapshot).all()) {
            int entries = (int) snapshot.persistence().stream().filter(e -> e.path().equals(s.path())).count();
            Finding.Builder f = Finding.builder(ID, "Persistence file stuffed with binary bytes")
                    .category("persistence", "file").technique(rule.techniques("obfuscation", "hide"))
                    .reason(s.path() + " holds " + s.oddBytes() + " control byte" + (s.oddBytes() == 1 ? "" : "s")
                            + (s.nulBytes() > 0 ? " (" + s.nulBytes() + " NUL)" : "") + ", the first at offset "
                            + s.firstOffset() + " of " + s.size() + " bytes: the daemon still reads the lines around "
                            + "them, tools that take it for a binary file skip it", rule.weight(s.nulBytes() > 0 ? "nul" : "control"))
                    .reason(entries + " entr" + (entries == 1 ? "y" : "ies") + " read from it (reported on their own)", 0)
                    .file(Hints.file(snapshot, context, s.path()))
                    .respond("read the whole of " + s.path() + " with 'cat -v' and compare it with a clean copy");
            PersistenceEntry first = snapshot.persistence().stream().filter(e -> e.path().equals(s.path()))
                    .findFirst().orElse(null);
            if (first != null) {
                f.persistence(first);
            }
            findings.add(f.build());
        }
        return findings;
    }
}

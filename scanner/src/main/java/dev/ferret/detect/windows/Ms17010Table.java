package dev.ferret.detect.windows;

import dev.ferret.data.DataLine;
import dev.ferret.model.windows.OsVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The MS17-010 fixed srv.sys versions per Windows build ({@code ferret/signatures/windows/ms17-010.txt}). */
public final class Ms17010Table {
    /** The patch state of one host's srv.sys. */
    public enum State { PATCHED, UNPATCHED, NO_UPDATE, UNAFFECTED, UNKNOWN }

    /** One line of the table. */
    public record Row(int[] build, boolean andLater, int revisionLow, int revisionHigh, String fixed, String updates,
                      String name) {
        boolean matches(OsVersion os, int[] srv) {
            int[] b = {os.major(), os.minor(), os.build()};
            int c = compare(b, build, 3);
            if (andLater ? c < 0 : c != 0) {
                return false;
            }
            return srv == null || srv[3] >= revisionLow && srv[3] <= revisionHigh;
        }
    }

    /** A host's verdict with the row that decided it. */
    public record Verdict(State state, Row row, String detail) {
    }

    private final List<Row> rows;

    private Ms17010Table(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    static Ms17010Table parse(List<DataLine> lines, List<String> problems) {
        List<Row> rows = new ArrayList<>();
        for (DataLine line : lines) {
            String[] f = line.text().split(";");
            try {
                if (f.length != 5) {
                    throw new IllegalArgumentException("expected 5 fields");
                }
                boolean later = f[0].endsWith("+");
                int[] build = version(later ? f[0].substring(0, f[0].length() - 1) : f[0]);
                int low = 0;
                int high = Integer.MAX_VALUE;
                if (!f[1].equals("*")) {
                    String[] r = f[1].split("-");
                    low = Integer.parseInt(r[0]);
                    high = Integer.parseInt(r[1]);
                }
                if (!f[2].equals("none") && !f[2].equals("unaffected")) {
                    version(f[2]);
                }
                rows.add(new Row(build, later, low, high, f[2], f[3], f[4]));
            } catch (RuntimeException e) {
                problems.add(line.where() + ": " + e.getMessage() + ": '" + line.text() + "'");
            }
        }
        return new Ms17010Table(rows);
    }

    /** "6.1.7601.23689" → {6, 1, 7601, 23689}; extra text after the numbers is ignored. */
    static int[] version(String text) {
        String[] parts = text.strip().split("[ (]")[0].split("\\.");
        int[] v = new int[Math.max(3, parts.length)];
        for (int i = 0; i < parts.length; i++) {
            v[i] = Integer.parseInt(parts[i]);
        }
        return v;
    }

    static int compare(int[] a, int[] b, int parts) {
        for (int i = 0; i < parts; i++) {
            int x = i < a.length ? a[i] : 0;
            int y = i < b.length ? b[i] : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }

    public Verdict judge(OsVersion os, String srvSysVersion) {
        if (os == null) {
            return new Verdict(State.UNKNOWN, null, "the Windows version is unknown");
        }
        int[] srv = null;
        if (srvSysVersion != null) {
            try {
                srv = version(srvSysVersion);
                if (srv.length < 4) {
                    srv = null;
                }
            } catch (NumberFormatException e) {
                srv = null;
            }
        }
        Optional<Row> row = Optional.empty();
        for (Row r : rows) {
            if (r.matches(os, srv)) {
                row = Optional.of(r);
                break;
            }
        }
        if (row.isEmpty()) {
            return new Verdict(State.UNKNOWN, null, "no MS17-010 entry for Windows " + os.buildKey());
        }
        Row r = row.get();
        return switch (r.fixed()) {
            case "unaffected" -> new Verdict(State.UNAFFECTED, r, r.name() + " was released with the fix");
            case "none" -> new Verdict(State.NO_UPDATE, r, r.name() + " has no MS17-010 update: " + r.updates());
            default -> {
                if (srv == null) {
                    yield new Verdict(State.UNKNOWN, r, "srv.sys version unreadable");
                }
                boolean patched = compare(srv, version(r.fixed()), 4) >= 0;
                yield new Verdict(patched ? State.PATCHED : State.UNPATCHED, r, "srv.sys " + srvSysVersion
                        + (patched ? " is at or above " : " is older than ") + "the fixed " + r.fixed() + " ("
                        + r.name() + ")");
            }
        };
    }
}

package dev.ferret.fleet.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The embedded engine: an in-memory DuckDB database in this JVM. DuckDB reads the JSON Lines (gzip too)
 * itself, in parallel, and answers the questions in SQL; nothing is written next to the reports (DuckDB
 * spills to a private temporary folder, removed on close).
 */
public final class EmbeddedFleet implements FleetSource {
    /** A line longer than this is counted as a huge line and skipped, never buffered further. */
    public static final long MAX_LINE = 16L << 20;

    private final Connection db;
    private final Path spill;
    private final List<Problem> problems = new ArrayList<>();

    private EmbeddedFleet(Connection db, Path spill) {
        this.db = db;
        this.spill = spill;
    }

    /** Loads these report files; {@code keepLines} keeps each original line too (for shipping). */
    public static EmbeddedFleet load(List<Path> files, boolean keepLines) throws SQLException, IOException {
        Path spill = Files.createTempDirectory("ferret-fleet-");
        EmbeddedFleet fleet = new EmbeddedFleet(DriverManager.getConnection("jdbc:duckdb:"), spill);
        try {
            fleet.exec("SET temp_directory = '" + sqlText(spill.toString()) + "'");
            fleet.exec("SET preserve_insertion_order = false");
            fleet.exec("SET memory_limit = '" + System.getProperty("ferret.fleet.memory", "1500MB") + "'");
            fleet.loadLines(files, keepLines);
            return fleet;
        } catch (SQLException | RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    private void loadLines(List<Path> files, boolean keepLines) throws SQLException {
        List<Path> readable = new ArrayList<>();
        for (Path f : files) {
            // DuckDB expands glob characters in a path: such a name is skipped, not read as a pattern
            if (f.toString().matches(".*[*?\\[\\]{}].*")) {
                problems.add(new Problem(f.toString(), "file name with glob characters, not read", 1));
            } else {
                readable.add(f);
            }
        }
        if (readable.isEmpty()) {
            exec(String.format(FleetSql.RECORDS, keepLines ? "j AS line," : "",
                    "(SELECT NULL::VARCHAR AS filename, NULL::VARCHAR AS j WHERE false)", RecordShape.STRUCTURE,
                    keepLines ? "line," : ""));
        } else {
            StringBuilder list = new StringBuilder("[");
            for (Path f : readable) {
                list.append(list.length() > 1 ? "," : "").append('\'').append(sqlText(f.toString())).append('\'');
            }
            list.append(']');
            // each line one text column: a delimiter and no quoting that valid JSON never contains unescaped
            String source = "read_csv(" + list + ", columns = {'j': 'VARCHAR'}, header = false, auto_detect = false,"
                + " delim = chr(31), quote = '', escape = '', strict_mode = false, filename = true,"
                + " max_line_size = " + MAX_LINE + ", ignore_errors = true, store_rejects = true,"
                + " compression = 'auto')";
            exec(String.format(FleetSql.RECORDS, keepLines ? "j AS line," : "", source, RecordShape.STRUCTURE,
                    keepLines ? "line," : ""));
            collectRejects();
        }
        exec(FleetSql.REPORTS);
        exec(FleetSql.VALID);
        exec(String.format(FleetSql.ENTITIES, EntityKinds.SMB_SPREAD_RULE));
        exec(FleetSql.KEY_ENTITIES);
        exec(String.format(FleetSql.CHANGES));
        collectBadLines();
    }

    private void collectRejects() throws SQLException {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("""
                SELECT s.file_path, CASE WHEN e.error_type = 'LINE SIZE OVER MAXIMUM' THEN 'huge line (over '
                  || (%d >> 20) || ' MiB), skipped' ELSE 'unreadable line (' || lower(e.error_type) || ')' END, count(*)
                FROM reject_errors e JOIN reject_scans s ON e.scan_id = s.scan_id AND e.file_id = s.file_id
                GROUP BY ALL ORDER BY 1, 2""".formatted(MAX_LINE))) {
            while (r.next()) {
                problems.add(new Problem(r.getString(1), r.getString(2), r.getLong(3)));
            }
        }
    }

    private void collectBadLines() throws SQLException {
        query("""
            SELECT file, CASE WHEN NOT json_ok THEN 'not JSON (truncated or foreign)'
                              ELSE 'JSON but not a ferret record (no host.name, event.kind or @timestamp)' END, count(*)
            FROM rec WHERE NOT usable GROUP BY ALL
            UNION ALL
            SELECT file, 'copy of a report already read from ' || (SELECT min(r.file) FROM reports r
                   WHERE r.host = d.host AND r.report_time = d.report_time), 1
            FROM (SELECT file, host, coalesce(max(ts) FILTER (WHERE kind = 'state'), max(ts)) AS report_time
                  FROM rec WHERE usable GROUP BY file, host) d
            WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.file = d.file AND r.host = d.host)
              AND d.report_time IS NOT NULL
            ORDER BY 1, 2""", r -> problems.add(new Problem(r.getString(1), r.getString(2), r.getLong(3))));
    }

    @Override
    public List<Prevalence> prevalence() throws SQLException {
        List<Prevalence> out = new ArrayList<>();
        query("SELECT kind, value, count(DISTINCT host) FROM key_ent GROUP BY kind, value",
                r -> out.add(new Prevalence(new EntityKey(r.getString(1), r.getString(2)), r.getLong(3))));
        return out;
    }

    @Override
    public List<EntityHost> entityHosts(Collection<EntityKey> keys) throws SQLException {
        List<EntityHost> out = new ArrayList<>();
        if (keys.isEmpty()) {
            return out;
        }
        exec("CREATE OR REPLACE TEMP TABLE wanted (kind VARCHAR, value VARCHAR)");
        try (PreparedStatement p = db.prepareStatement("INSERT INTO wanted VALUES (?, ?)")) {
            for (EntityKey k : keys) {
                p.setString(1, k.kind());
                p.setString(2, k.value());
                p.addBatch();
            }
            p.executeBatch();
        }
        query("""
            SELECT e.kind, e.value, e.host, epoch_ms(min(e.t)) FROM key_ent e
            SEMI JOIN wanted w ON e.kind = w.kind AND e.value = w.value
            GROUP BY e.kind, e.value, e.host""",
                r -> out.add(new EntityHost(new EntityKey(r.getString(1), r.getString(2)), r.getString(3),
                        instant(r, 4))));
        return out;
    }

    @Override
    public List<EntityKey> hostEntities(String host) throws SQLException {
        List<EntityKey> out = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement(
                "SELECT DISTINCT kind, value FROM ent WHERE alert AND host = ?")) {
            p.setString(1, host);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new EntityKey(r.getString(1), r.getString(2)));
                }
            }
        }
        return out;
    }

    @Override
    public List<ReportInfo> reports() throws SQLException {
        List<ReportInfo> out = new ArrayList<>();
        query("SELECT id, host, epoch_ms(report_time), complete, version, lines, gaps, notes, denied FROM reports",
                r -> out.add(new ReportInfo(r.getString(1), r.getString(2), instant(r, 3), r.getBoolean(4),
                        r.getString(5), r.getLong(6), lines(r.getString(7)), lines(r.getString(8)), r.getLong(9))));
        return out;
    }

    @Override
    public List<ChangeKey> changeKeys(Collection<String> reportIds) throws SQLException {
        List<ChangeKey> out = new ArrayList<>();
        if (reportIds.isEmpty()) {
            return out;
        }
        exec("CREATE OR REPLACE TEMP TABLE wanted_reports (id VARCHAR)");
        try (PreparedStatement p = db.prepareStatement("INSERT INTO wanted_reports VALUES (?)")) {
            for (String id : reportIds) {
                p.setString(1, id);
                p.addBatch();
            }
            p.executeBatch();
        }
        query("SELECT report, key FROM chg SEMI JOIN wanted_reports w ON chg.report = w.id",
                r -> out.add(new ChangeKey(r.getString(1), r.getString(2))));
        return out;
    }

    @Override
    public List<Contact> smbContacts() throws SQLException {
        List<Contact> out = new ArrayList<>();
        query("""
            SELECT DISTINCT host, dip FROM v
            WHERE fact = 'socket' AND dport = '445' AND dip IS NOT NULL
              AND host IN (SELECT host FROM v WHERE alert AND rule = '%s')""".formatted(EntityKinds.SMB_SPREAD_RULE),
                r -> out.add(new Contact(r.getString(1), r.getString(2))));
        return out;
    }

    @Override
    public List<Contact> hostAddresses() throws SQLException {
        List<Contact> out = new ArrayList<>();
        query("""
            SELECT DISTINCT host, sip FROM v WHERE fact = 'socket' AND sip IS NOT NULL
              AND sip NOT IN ('0.0.0.0', '::', '::1') AND sip NOT LIKE '127.%'""",
                r -> out.add(new Contact(r.getString(1), r.getString(2))));
        return out;
    }

    @Override
    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    /** The loaded lines as documents to ship: report id, host, line hash, the original line. */
    public void eachLine(LineConsumer consumer) throws Exception {
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT report, host, line_hash, line FROM v")) {
            while (r.next()) {
                consumer.accept(r.getString(1), r.getString(2), r.getString(3), r.getString(4));
            }
        }
    }

    /** Receives one loaded line. */
    @FunctionalInterface
    public interface LineConsumer {
        void accept(String report, String host, String lineHash, String line) throws Exception;
    }

    /**
     * What a search engine needs to answer the same questions, as flat documents: every entity a record names
     * (per report), change-feed keys, the reports, outbound 445 contacts and host addresses.
     */
    public void eachDerived(DerivedConsumer consumer) throws Exception {
        derived(consumer, "entity", """
            SELECT report, host, kind, value, bool_or(alert) AS alert, epoch_ms(min(t)) AS t FROM ent GROUP BY ALL""");
        derived(consumer, "change", "SELECT c.report, r.host, c.key FROM chg c JOIN reports r ON c.report = r.id");
        derived(consumer, "report", """
            SELECT id AS report, host, epoch_ms(report_time) AS t, complete, version, lines, gaps, notes, denied
            FROM reports""");
        derived(consumer, "smb", """
            SELECT DISTINCT report, host, dip AS address FROM v
            WHERE fact = 'socket' AND dport = '445' AND dip IS NOT NULL""");
        derived(consumer, "address", """
            SELECT DISTINCT report, host, sip AS address FROM v WHERE fact = 'socket' AND sip IS NOT NULL
              AND sip NOT IN ('0.0.0.0', '::', '::1') AND sip NOT LIKE '127.%'""");
    }

    private void derived(DerivedConsumer consumer, String doc, String sql) throws Exception {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            var meta = r.getMetaData();
            while (r.next()) {
                java.util.Map<String, Object> fields = new java.util.LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = r.getObject(i);
                    String name = meta.getColumnLabel(i);
                    if (value != null && (name.equals("gaps") || name.equals("notes"))) {
                        value = lines(value.toString());
                    }
                    fields.put(name, value);
                }
                consumer.accept(doc, fields);
            }
        }
    }

    /** Receives one derived document. */
    @FunctionalInterface
    public interface DerivedConsumer {
        void accept(String doc, java.util.Map<String, Object> fields) throws Exception;
    }

    private void exec(String sql) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }

    private void query(String sql, RowConsumer each) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                each.accept(r);
            }
        }
    }

    @FunctionalInterface
    private interface RowConsumer {
        void accept(ResultSet r) throws SQLException;
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        long ms = r.getLong(column);
        return r.wasNull() ? null : Instant.ofEpochMilli(ms);
    }

    private static List<String> lines(String text) {
        return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    private static String sqlText(String s) {
        return s.replace("'", "''");
    }

    @Override
    public void close() throws SQLException, IOException {
        try {
            db.close();
        } finally {
            try (Stream<Path> walk = Files.walk(spill)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}

package dev.ferret.fleet.engine;

/**
 * The SQL that turns loaded report lines into the fleet's tables. {@code rec} holds one row per line; the
 * rest derive from it: {@code reports} (one per host and scan, copies of a report counted once), {@code v}
 * (the records of those reports), {@code ent} (key entities per record) and {@code chg} (change-feed keys).
 */
final class FleetSql {
    /** One row per line: {@code %s} is the read_csv source, {@code %s} an optional extra column. */
    static final String RECORDS = """
        CREATE TABLE rec AS
        WITH q AS (
          SELECT filename AS file, md5(j) AS line_hash, %s json_valid(j) AS json_ok,
                 CASE WHEN json_valid(j) THEN j ELSE 'null' END AS jv
          FROM %s),
        p AS (
          -- every row goes through from_json (vectorized, no short cut): non-objects as '{}', flagged by is_object
          SELECT *, json_type(jv) = 'OBJECT' AS is_object,
                 from_json(CASE WHEN json_type(jv) = 'OBJECT' THEN jv ELSE '{}' END, '%s') AS r
          FROM q)
        SELECT file, line_hash, %s json_ok,
          r."@timestamp" AS ts_text, try_cast(r."@timestamp" AS TIMESTAMP) AS ts,
          r.event.kind AS kind, r.host.name AS host, r.host.os.family AS os, r.rule.id AS rule,
          r.process.pid AS pid, r.process.name AS pname, r.process.executable AS pexe,
          try_cast(r.process.start AS TIMESTAMP) AS pstart,
          r.file.path AS fpath, try_cast(r.file.mtime AS TIMESTAMP) AS fmtime,
          lower(r.file.hash.sha256) AS sha256, lower(r.file.hash.md5) AS md5,
          r.source.ip AS sip, r.source.port AS sport, r.destination.ip AS dip, r.destination.port AS dport,
          r.network.transport AS transport, r.ferret.fact AS fact, r.ferret.state AS sstate,
          array_to_string(r.ferret.reasons, chr(10)) AS reasons,
          r.ferret.persistence.kind AS pkind, r.ferret.persistence.path AS ppath,
          r.ferret.persistence.command AS pcmd, try_cast(r.ferret.persistence.mtime AS TIMESTAMP) AS pmtime,
          r.ferret.scan.version AS version,
          array_to_string(list_transform(r.ferret.coverage.gaps,
              g -> g.area || ': ' || g.reason || ' (' || coalesce(g.count, '?') || ')'), chr(10)) AS gaps,
          list_sum(list_transform(list_filter(r.ferret.coverage.gaps, g -> g.reason ILIKE '%%permission denied%%'),
              g -> coalesce(try_cast(g.count AS BIGINT), 1))) AS denied,
          array_to_string(r.ferret.coverage.notes, chr(10)) AS notes,
          coalesce(is_object AND r.host.name IS NOT NULL AND r.event.kind IN ('alert', 'event', 'state')
                   AND try_cast(r."@timestamp" AS TIMESTAMP) IS NOT NULL, false) AS usable
        FROM p
        """;

    /** A report is a host's scan: its time is the closing record's, or its newest line's if it has none. */
    static final String REPORTS = """
        CREATE TABLE reports AS
        SELECT host || '@' || strftime(report_time, '%Y-%m-%dT%H:%M:%S.%fZ') AS id, * FROM (
          SELECT file, host, coalesce(max(ts) FILTER (WHERE kind = 'state'), max(ts)) AS report_time,
                 bool_or(kind = 'state') AS complete, max(version) FILTER (WHERE kind = 'state') AS version,
                 count(*) AS lines, max(gaps) FILTER (WHERE kind = 'state') AS gaps,
                 max(notes) FILTER (WHERE kind = 'state') AS notes,
                 coalesce(max(denied) FILTER (WHERE kind = 'state'), 0) AS denied
          FROM rec WHERE usable GROUP BY file, host)
        WHERE report_time IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY host, report_time ORDER BY file) = 1
        """;

    static final String VALID = """
        CREATE TABLE v AS
        SELECT r.id AS report, x.*, kind = 'alert' AS alert
        FROM rec x JOIN reports r ON x.file = r.file AND x.host = r.host
        WHERE x.usable
        """;

    /**
     * Key entities per record. A process's start time comes from the report's process fact of that pid when
     * the finding itself does not carry it; the pool address is the destination IP (any port).
     */
    static final String ENTITIES = """
        CREATE TABLE ent AS
        WITH starts AS (
          SELECT report, pid, min(pstart) AS pstart FROM v WHERE fact = 'process' AND pstart IS NOT NULL
          GROUP BY report, pid),
        x AS (
          SELECT v.report, v.host, v.alert, unnest(list_filter([
              struct_pack(k := 'file.hash', v := coalesce(v.sha256, v.md5),
                          t := coalesce(v.fmtime, v.pmtime, v.ts)),
              struct_pack(k := 'module', v := CASE WHEN v.pname IS NOT NULL AND v.fpath IS NOT NULL
                          THEN lower(v.pname) || ' > ' || v.fpath || coalesce(' ' || v.sha256, '') END,
                          t := coalesce(v.fmtime, s.pstart, v.ts)),
              struct_pack(k := 'persistence', v := v.pcmd, t := coalesce(v.pmtime, v.ts)),
              struct_pack(k := 'address', v := CASE WHEN v.dip IS NOT NULL AND v.rule IS DISTINCT FROM '%s'
                          THEN v.dip END, t := coalesce(s.pstart, v.ts)),
              struct_pack(k := 'rule', v := CASE WHEN v.alert THEN v.rule END, t := v.ts)]
            || list_transform(regexp_extract_all(coalesce(v.reasons, ''), 'SHA256:[A-Za-z0-9+/]{43}'),
                 f -> struct_pack(k := 'ssh.key', v := f, t := coalesce(v.fmtime, v.ts))),
            e -> e.v IS NOT NULL)) AS e
          FROM v LEFT JOIN starts s ON s.report = v.report AND s.pid = v.pid)
        SELECT report, host, alert, e.k AS kind, e.v AS value, e.t AS t FROM x
        """;

    /** Entities that some finding names: only these are tracked across hosts. */
    static final String KEY_ENTITIES = """
        CREATE TABLE key_ent AS
        SELECT e.* FROM ent e SEMI JOIN (SELECT DISTINCT kind, value FROM ent WHERE alert) k
          ON e.kind = k.kind AND e.value = k.value
        """;

    static final String CHANGES = """
        CREATE TABLE chg AS
        SELECT DISTINCT report, key FROM (
          SELECT report, 'finding ' || rule || ' ' || coalesce(fpath, pcmd, dip, pexe, pname, '') AS key
            FROM v WHERE alert
          UNION ALL
          SELECT report, 'persistence ' || pkind || ' ' || ppath || ' ' || coalesce(pcmd, '')
            FROM v WHERE pkind IS NOT NULL AND ppath IS NOT NULL
          UNION ALL
          SELECT report, 'listener ' || coalesce(transport, '?') || ' ' || sip || ':' || sport
            FROM v WHERE fact = 'socket' AND upper(sstate) LIKE 'LISTEN%%' AND sip IS NOT NULL)
        """;

    private FleetSql() {
    }
}

package dev.ferret.fleet.engine;

/**
 * The fields of a ferret JSON Lines record the fleet reads (the ECS names of the scanner's EcsMapper), as a
 * DuckDB {@code from_json} structure. Every leaf is read as text so a report from an older or newer ferret
 * whose types differ still loads; fields a record lacks are null. Only stable fields are keyed on.
 */
final class RecordShape {
    static final String STRUCTURE = """
        {"@timestamp":"VARCHAR",
         "event":{"kind":"VARCHAR"},
         "host":{"name":"VARCHAR","os":{"family":"VARCHAR"}},
         "rule":{"id":"VARCHAR"},
         "process":{"pid":"VARCHAR","name":"VARCHAR","executable":"VARCHAR","start":"VARCHAR"},
         "file":{"path":"VARCHAR","mtime":"VARCHAR","hash":{"md5":"VARCHAR","sha256":"VARCHAR"}},
         "source":{"ip":"VARCHAR","port":"VARCHAR"},
         "destination":{"ip":"VARCHAR","port":"VARCHAR"},
         "network":{"transport":"VARCHAR"},
         "ferret":{"fact":"VARCHAR","state":"VARCHAR","reasons":["VARCHAR"],
                   "persistence":{"kind":"VARCHAR","path":"VARCHAR","command":"VARCHAR","mtime":"VARCHAR"},
                   "scan":{"version":"VARCHAR"},
                   "coverage":{"gaps":[{"area":"VARCHAR","reason":"VARCHAR","count":"VARCHAR"}],
                               "notes":["VARCHAR"]}}}""".replaceAll("\\s+", "");

    private RecordShape() {
    }
}

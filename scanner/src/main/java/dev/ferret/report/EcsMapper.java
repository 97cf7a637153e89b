package dev.ferret.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferret.model.Coverage;
import dev.ferret.rules.BundleSignature;
import dev.ferret.model.Endpoint;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.HostInfo;
import dev.ferret.model.PathBytes;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.ProcessRef;
import dev.ferret.model.Reason;
import dev.ferret.model.Severity;
import dev.ferret.model.SocketInfo;
import dev.ferret.scan.ScanResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps findings, collected facts and the coverage record to strict Elastic Common Schema objects (allowed
 * event.category/type values, ATT&CK in threat.*, typed fields), so reports drop into Elastic, OpenSearch or
 * Splunk without mapping work. Every record also carries Timesketch's message, datetime and timestamp_desc.
 */
public final class EcsMapper {
    public static final String ECS_VERSION = "8.17.0";
    private final ObjectMapper json;
    private final AttackCatalog attack = AttackCatalog.builtIn();

    public EcsMapper(ObjectMapper json) {
        this.json = json;
    }

    public ObjectNode finding(Finding f, ScanResult result) {
        RecordTime time = RecordTime.of(f, result.snapshot(), result.finished());
        String first = f.reasons().isEmpty() ? f.ruleName() : f.reasons().get(0).text();
        ObjectNode o = base("alert", time, f.ruleName() + ": " + first, result);
        ObjectNode event = (ObjectNode) o.get("event");
        EcsCategories.Mapped mapped = EcsCategories.forAlert(f.categories());
        event.set("category", strings(mapped.categories()));
        event.set("type", strings(mapped.types()));
        event.put("dataset", "ferret.finding");
        event.put("severity", f.score());
        event.put("risk_score", (double) f.score());
        event.put("reason", first);
        rule(o.putObject("rule"), f);
        threat(o, f.techniques());
        if (f.process() != null) {
            process(o.putObject("process"), f.process());
        }
        if (f.file() != null) {
            file(o.putObject("file"), f.file());
        }
        endpoint(o, "source", f.source());
        endpoint(o, "destination", f.destination());
        ObjectNode ferret = o.putObject("ferret");
        ferret.put("severity", f.severity().label());
        ferret.put("score", f.score());
        ferret.set("categories", strings(f.categories()));
        ArrayNode reasons = ferret.putArray("reasons");
        for (Reason r : f.reasons()) {
            reasons.add(r.text());
        }
        if (f.chain() != null) {
            ferret.put("chain", f.chain());
        }
        ferret.set("response", strings(f.response()));
        if (f.persistence() != null) {
            persistence(ferret.putObject("persistence"), f.persistence());
        }
        RawPaths.add(ferret, f);
        return o;
    }

    public ObjectNode process(ProcessInfo p, ScanResult result) {
        RecordTime time = RecordTime.orScan(p.startTime(), "Process Started", result.finished());
        ObjectNode o = base("event", time, "process " + p.pid() + " (" + p.name() + ")"
                + (time.description().equals(RecordTime.SCAN_TIME) ? " running" : " started")
                + (p.arguments().isEmpty() ? "" : ": " + String.join(" ", p.arguments())), result);
        fact(o, EcsCategories.forFact("process"), "ferret.process");
        ObjectNode proc = o.putObject("process");
        process(proc, ProcessRef.of(p));
        if (!p.arguments().isEmpty()) {
            proc.set("args", strings(p.arguments()));
            proc.put("args_count", p.arguments().size());
        }
        if (p.startTime() != null) {
            proc.put("start", p.startTime().toString());
        }
        if (p.cwd() != null) {
            proc.put("working_directory", p.cwd());
        }
        if (p.user() != null) {
            o.putObject("user").put("name", p.user()).put("id", Integer.toString(p.uid()));
        }
        if (!p.environment().isEmpty()) {
            List<String> env = new ArrayList<>();
            new TreeMap<>(p.environment()).forEach((k, v) -> env.add(k + "=" + v));
            proc.set("env_vars", strings(env));
        }
        ObjectNode ferret = o.putObject("ferret");
        ferret.put("fact", "process");
        if (!Double.isNaN(p.cpuPercent())) {
            ferret.put("cpu_percent", Math.round(p.cpuPercent() * 10) / 10.0);
        }
        ferret.put("threads", p.threads());
        ferret.put("rss_kb", p.rssKb());
        if (result.snapshot().views().collected()) {
            ferret.put("hidden", !result.snapshot().views().visible(p.pid()));
        }
        if (p.exeDeleted()) {
            ferret.put("executable_deleted", true);
        }
        if (p.exeMemfd()) {
            ferret.put("executable_memfd", true);
        }
        return o;
    }

    public ObjectNode socket(SocketInfo s, ScanResult result) {
        RecordTime time = RecordTime.orScan(null, null, result.finished());
        ObjectNode o = base("event", time, s.protocol() + " " + s.local()
                + (s.remote().port() != 0 ? " -> " + s.remote() : "") + " " + s.state(), result);
        fact(o, EcsCategories.forFact("network"), "ferret.socket");
        o.putObject("network").put("transport", s.protocol().toLowerCase(Locale.ROOT))
                .put("type", s.family() == 6 ? "ipv6" : "ipv4");
        endpoint(o, "source", s.local());
        if (s.remote().port() != 0) {
            endpoint(o, "destination", s.remote());
        }
        if (!s.pids().isEmpty()) {
            o.putObject("process").put("pid", s.pids().get(0));
        }
        ObjectNode ferret = o.putObject("ferret");
        ferret.put("fact", "socket");
        ferret.put("state", s.state());
        ferret.put("inode", s.inode());
        ferret.set("pids", json.valueToTree(s.pids()));
        return o;
    }

    public ObjectNode persistenceFact(PersistenceEntry e, ScanResult result) {
        RecordTime time = RecordTime.orScan(e.mtime(), "Persistence Changed", result.finished());
        ObjectNode o = base("event", time, e.kind() + " " + PathBytes.readable(e.location())
                + (e.command() == null ? "" : ": " + e.command()), result);
        fact(o, EcsCategories.forFact("configuration"), "ferret.persistence");
        ObjectNode file = o.putObject("file").put("path", PathBytes.readable(e.path()));
        if (e.mtime() != null) {
            file.put("mtime", e.mtime().toString());
        }
        ObjectNode ferret = o.putObject("ferret");
        ferret.put("fact", "persistence");
        persistence(ferret.putObject("persistence"), e);
        return o;
    }

    /** The closing record: what was covered and what was not. */
    public ObjectNode state(ScanResult result) {
        long total = result.findings().size();
        ObjectNode o = base("state", new RecordTime(result.finished(), "Scan Finished"),
                "ferret scan finished: " + total + (total == 1 ? " finding" : " findings"), result);
        ((ObjectNode) o.get("event")).put("dataset", "ferret.state");
        ObjectNode ferret = o.putObject("ferret");
        ObjectNode scan = ferret.putObject("scan");
        scan.put("version", Version.get());
        scan.put("started", result.started().toString());
        scan.put("duration_ms", result.duration().toMillis());
        scan.put("root", result.request().root().toString());
        scan.put("live", result.request().live());
        scan.set("areas", strings(result.request().areas().stream().map(a -> a.id()).sorted().toList()));
        ObjectNode counts = scan.putObject("findings");
        for (Severity s : Severity.values()) {
            counts.put(s.label(), result.findings().stream().filter(f -> f.severity() == s).count());
        }
        Coverage coverage = result.snapshot().coverage();
        ObjectNode cov = ferret.putObject("coverage");
        ObjectNode counters = cov.putObject("counters");
        for (Map.Entry<String, Map<String, Long>> area : coverage.counters().entrySet()) {
            ObjectNode node = counters.putObject(fieldName(area.getKey()));
            area.getValue().forEach((name, count) -> node.put(fieldName(name), count));
        }
        ArrayNode gaps = cov.putArray("gaps");
        for (Coverage.Gap g : coverage.gaps()) {
            ObjectNode gap = gaps.addObject();
            gap.put("area", g.area());
            gap.put("reason", g.reason());
            gap.put("count", g.count());
            gap.set("examples", strings(g.examples()));
        }
        cov.set("notes", strings(coverage.notes()));
        // which rule bundle ran and who signed it ("none": rules compiled from source, "unsigned": no signature)
        ObjectNode rules = ferret.putObject("rules");
        rules.put("key_id", coverage.provenance().getOrDefault(BundleSignature.KEY_ID, "none"));
        rules.put("bundle_sha256", coverage.provenance().getOrDefault(BundleSignature.BUNDLE_SHA256, "none"));
        return o;
    }

    /** A coverage counter as a field name ECS tools can query: "files listed (total)" → files_listed_total. */
    public static String fieldName(String counter) {
        String name = counter.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_").replaceAll("^_+|_+$", "");
        return name.isEmpty() ? "_" : name;
    }

    private ObjectNode base(String kind, RecordTime time, String message, ScanResult result) {
        ObjectNode o = json.createObjectNode();
        o.put("@timestamp", time.time().toString());
        o.put("message", message);
        // Timesketch's required columns: it imports the report with no field mapping
        o.put("datetime", time.time().toString());
        o.put("timestamp_desc", time.description());
        o.putObject("ecs").put("version", ECS_VERSION);
        ObjectNode event = o.putObject("event");
        event.put("kind", kind);
        event.put("module", "ferret");
        event.put("created", result.finished().toString());
        HostInfo host = result.snapshot().host();
        if (host != null) {
            ObjectNode h = o.putObject("host");
            h.put("name", host.name());
            h.put("hostname", host.name());
            if (host.architecture() != null) {
                h.put("architecture", host.architecture());
            }
            ObjectNode os = h.putObject("os");
            os.put("type", OsFamily.type(host));
            OsFamily.family(host).ifPresent(f -> os.put("family", f));
            if (host.osName() != null) {
                os.put("name", host.osName());
            }
            if (host.kernel() != null) {
                os.put("kernel", host.kernel());
            }
        }
        return o;
    }

    private void fact(ObjectNode o, EcsCategories.Mapped mapped, String dataset) {
        ObjectNode event = (ObjectNode) o.get("event");
        event.set("category", strings(mapped.categories()));
        event.set("type", strings(mapped.types()));
        event.put("dataset", dataset);
    }

    private void rule(ObjectNode rule, Finding f) {
        rule.put("id", f.ruleId());
        List<YaraRuleNames.Match> yara = YaraRuleNames.of(f);
        if (yara.isEmpty()) {
            rule.put("name", f.ruleName());
            rule.put("ruleset", "ferret");
        } else {
            // the matched YARA rule is the rule that fired; ferret's own rule says how it was used
            rule.put("name", yara.get(0).rule());
            rule.put("ruleset", yara.get(0).namespace());
            rule.put("description", f.ruleName());
        }
    }

    private void threat(ObjectNode o, List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        List<String> techniques = new ArrayList<>();
        List<String> subs = new ArrayList<>();
        List<String> tactics = new ArrayList<>();
        for (String id : ids) {
            String parent = id.contains(".") ? id.substring(0, id.indexOf('.')) : id;
            if (!techniques.contains(parent)) {
                techniques.add(parent);
            }
            if (id.contains(".") && !subs.contains(id)) {
                subs.add(id);
            }
        }
        ObjectNode threat = o.putObject("threat");
        threat.put("framework", "MITRE ATT&CK");
        ObjectNode technique = threat.putObject("technique");
        named(technique, techniques, tactics);
        if (!subs.isEmpty()) {
            named(technique.putObject("subtechnique"), subs, tactics);
        }
        ObjectNode tactic = threat.putObject("tactic");
        ArrayNode tacticIds = tactic.putArray("id");
        ArrayNode tacticNames = tactic.putArray("name");
        ArrayNode tacticRefs = tactic.putArray("reference");
        List<String> seen = new ArrayList<>();
        for (String id : tactics) {
            AttackCatalog.Technique t = attack.find(id).orElseThrow();
            if (!seen.contains(t.tacticId())) {
                seen.add(t.tacticId());
                tacticIds.add(t.tacticId());
                tacticNames.add(t.tacticName());
                tacticRefs.add(t.tacticReference());
            }
        }
        if (seen.isEmpty()) {
            threat.remove("tactic");
        }
    }

    /** id, name and reference arrays, aligned; an id the catalog lacks keeps its id and reference only. */
    private void named(ObjectNode node, List<String> ids, List<String> tactics) {
        ArrayNode idNode = node.putArray("id");
        ArrayNode names = node.putArray("name");
        ArrayNode refs = node.putArray("reference");
        for (String id : ids) {
            idNode.add(id);
            refs.add("https://attack.mitre.org/techniques/" + id.replace('.', '/') + "/");
            attack.find(id).ifPresent(t -> {
                names.add(t.name());
                tactics.add(id);
            });
        }
        if (names.isEmpty()) {
            node.remove("name");
        }
    }

    private static void process(ObjectNode node, ProcessRef p) {
        node.put("pid", p.pid());
        if (p.name() != null) {
            node.put("name", p.name());
        }
        if (p.executable() != null) {
            node.put("executable", PathBytes.readable(p.executable()));
        }
        if (p.commandLine() != null && !p.commandLine().isEmpty()) {
            node.put("command_line", p.commandLine());
        }
        if (p.ppid() >= 0) {
            node.putObject("parent").put("pid", p.ppid());
        }
    }

    private static void file(ObjectNode node, FileRef f) {
        String path = PathBytes.readable(f.path());
        node.put("path", path);
        int slash = path.lastIndexOf('/');
        if (slash >= 0 && slash < path.length() - 1) {
            node.put("name", path.substring(slash + 1));
        }
        if (f.size() != null) {
            node.put("size", f.size());
        }
        if (f.mtime() != null) {
            node.put("mtime", f.mtime().toString());
        }
        if (f.md5() != null || f.sha256() != null) {
            ObjectNode hash = node.putObject("hash");
            if (f.md5() != null) {
                hash.put("md5", f.md5());
            }
            if (f.sha256() != null) {
                hash.put("sha256", f.sha256());
            }
        }
    }

    private static void endpoint(ObjectNode o, String name, Endpoint e) {
        if (e != null) {
            o.putObject(name).put("ip", e.ip()).put("port", e.port());
        }
    }

    private void persistence(ObjectNode node, PersistenceEntry e) {
        node.put("kind", e.kind());
        node.put("path", PathBytes.readable(e.path()));
        if (e.line() > 0) {
            node.put("line", e.line());
        }
        if (e.user() != null) {
            node.put("user", e.user());
        }
        if (e.command() != null) {
            node.put("command", e.command());
        }
        if (e.mtime() != null) {
            node.put("mtime", e.mtime().toString());
        }
        if (!e.references().isEmpty()) {
            node.set("references", strings(e.references()));
        }
    }

    private ArrayNode strings(List<String> values) {
        ArrayNode a = json.createArrayNode();
        values.forEach(a::add);
        return a;
    }

    /** Jackson's view of the map, for tests and sinks. */
    public Map<?, ?> toMap(ObjectNode node) {
        return json.convertValue(node, Map.class);
    }

}

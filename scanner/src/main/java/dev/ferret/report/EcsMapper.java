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
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.ProcessRef;
import dev.ferret.model.Reason;
import dev.ferret.model.Severity;
import dev.ferret.model.SocketInfo;
import dev.ferret.scan.ScanResult;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Maps findings, collected facts and the coverage record to JSON objects with Elastic Common Schema field
 * names, so reports drop into Elastic, OpenSearch or Splunk without mapping work.
 */
public final class EcsMapper {
    private final ObjectMapper json;

    public EcsMapper(ObjectMapper json) {
        this.json = json;
    }

    public ObjectNode finding(Finding f, ScanResult result) {
        ObjectNode o = base("alert", result.finished(), result.snapshot().host());
        ObjectNode event = (ObjectNode) o.get("event");
        event.set("category", strings(f.categories()));
        event.put("severity", f.score());
        ObjectNode rule = o.putObject("rule");
        rule.put("id", f.ruleId());
        rule.put("name", f.ruleName());
        if (!f.techniques().isEmpty()) {
            o.putObject("threat").putObject("technique").set("id", strings(f.techniques()));
        }
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
        return o;
    }

    public ObjectNode process(ProcessInfo p, ScanResult result) {
        ObjectNode o = base("event", result.finished(), result.snapshot().host());
        ((ObjectNode) o.get("event")).set("category", strings(List.of("process")));
        ObjectNode proc = o.putObject("process");
        process(proc, ProcessRef.of(p));
        if (!p.arguments().isEmpty()) {
            proc.set("args", strings(p.arguments()));
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
            ObjectNode env = proc.putObject("env_vars");
            p.environment().forEach(env::put);
        }
        ObjectNode ferret = o.putObject("ferret");
        ferret.put("fact", "process");
        if (!Double.isNaN(p.cpuPercent())) {
            ferret.put("cpu_percent", Math.round(p.cpuPercent() * 10) / 10.0);
        }
        ferret.put("threads", p.threads());
        ferret.put("rss_kb", p.rssKb());
        ferret.put("hidden", !result.snapshot().views().visible(p.pid()));
        if (p.exeDeleted()) {
            ferret.put("executable_deleted", true);
        }
        if (p.exeMemfd()) {
            ferret.put("executable_memfd", true);
        }
        return o;
    }

    public ObjectNode socket(SocketInfo s, ScanResult result) {
        ObjectNode o = base("event", result.finished(), result.snapshot().host());
        ((ObjectNode) o.get("event")).set("category", strings(List.of("network")));
        o.putObject("network").put("transport", s.protocol()).put("type", s.family() == 6 ? "ipv6" : "ipv4");
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
        ObjectNode o = base("event", result.finished(), result.snapshot().host());
        ((ObjectNode) o.get("event")).set("category", strings(List.of("configuration")));
        o.putObject("file").put("path", e.path());
        ObjectNode ferret = o.putObject("ferret");
        ferret.put("fact", "persistence");
        persistence(ferret.putObject("persistence"), e);
        return o;
    }

    /** The closing record: what was covered and what was not. */
    public ObjectNode state(ScanResult result) {
        ObjectNode o = base("state", result.finished(), result.snapshot().host());
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
        cov.set("counters", json.valueToTree(coverage.counters()));
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

    private ObjectNode base(String kind, Instant time, HostInfo host) {
        ObjectNode o = json.createObjectNode();
        o.put("@timestamp", time.toString());
        ObjectNode event = o.putObject("event");
        event.put("kind", kind);
        event.put("module", "ferret");
        if (host != null) {
            ObjectNode h = o.putObject("host");
            h.put("name", host.name());
            ObjectNode os = h.putObject("os");
            os.put("family", host.osFamily());
            if (host.osName() != null) {
                os.put("name", host.osName());
            }
            if (host.kernel() != null) {
                os.put("kernel", host.kernel());
            }
        }
        return o;
    }

    private static void process(ObjectNode node, ProcessRef p) {
        node.put("pid", p.pid());
        if (p.name() != null) {
            node.put("name", p.name());
        }
        if (p.executable() != null) {
            node.put("executable", p.executable());
        }
        if (p.commandLine() != null && !p.commandLine().isEmpty()) {
            node.put("command_line", p.commandLine());
        }
        if (p.ppid() >= 0) {
            node.putObject("parent").put("pid", p.ppid());
        }
    }

    private static void file(ObjectNode node, FileRef f) {
        node.put("path", f.path());
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
        node.put("path", e.path());
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

package dev.ferret.fleet.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/** Finding and fact records laid out as the scanner's EcsMapper writes them (same field names and nesting). */
final class Records {
    private final ObjectMapper json;

    Records(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode base(String kind, Instant time, Host host) {
        ObjectNode o = json.createObjectNode();
        o.put("@timestamp", time.toString());
        o.putObject("event").put("kind", kind).put("module", "ferret");
        ObjectNode h = o.putObject("host");
        h.put("name", host.name());
        h.putObject("os").put("family", host.windows() ? "windows" : "linux")
                .put("name", host.windows() ? "Windows Server 2016 Datacenter" : "Debian GNU/Linux 12");
        return o;
    }

    ObjectNode alert(Instant time, Host host, String ruleId, String ruleName, int score, List<String> categories,
                     List<String> reasons) {
        ObjectNode o = base("alert", time, host);
        ObjectNode event = (ObjectNode) o.get("event");
        categories.forEach(event.putArray("category")::add);
        event.put("severity", score);
        o.putObject("rule").put("id", ruleId).put("name", ruleName);
        ObjectNode ferret = o.putObject("ferret");
        ferret.put("severity", score >= 90 ? "critical" : score >= 70 ? "high" : "medium");
        ferret.put("score", score);
        reasons.forEach(ferret.putArray("reasons")::add);
        ferret.putArray("response");
        return o;
    }

    static void process(ObjectNode o, long pid, String name, String executable, String commandLine) {
        ObjectNode p = o.putObject("process");
        p.put("pid", pid).put("name", name).put("executable", executable);
        if (commandLine != null) {
            p.put("command_line", commandLine);
        }
        p.putObject("parent").put("pid", 1);
    }

    static void file(ObjectNode o, String path, long size, Instant mtime, String md5, String sha256) {
        ObjectNode f = o.putObject("file");
        f.put("path", path).put("size", size).put("mtime", mtime.toString());
        ObjectNode hash = f.putObject("hash");
        if (md5 != null) {
            hash.put("md5", md5);
        }
        if (sha256 != null) {
            hash.put("sha256", sha256);
        }
    }

    static void endpoint(ObjectNode o, String name, String ip, int port) {
        o.putObject(name).put("ip", ip).put("port", port);
    }

    ObjectNode processFact(Instant time, Host host, long pid, String name, String executable, Instant start) {
        ObjectNode o = base("event", time, host);
        ((ObjectNode) o.get("event")).putArray("category").add("process");
        ObjectNode p = o.putObject("process");
        p.put("pid", pid).put("name", name).put("executable", executable).put("start", start.toString());
        o.putObject("ferret").put("fact", "process").put("threads", 1).put("hidden", false);
        return o;
    }

    ObjectNode socketFact(Instant time, Host host, String state, String localIp, int localPort, String remoteIp,
                          int remotePort, long pid) {
        ObjectNode o = base("event", time, host);
        ((ObjectNode) o.get("event")).putArray("category").add("network");
        o.putObject("network").put("transport", "tcp").put("type", "ipv4");
        endpoint(o, "source", localIp, localPort);
        if (remotePort != 0) {
            endpoint(o, "destination", remoteIp, remotePort);
        }
        if (pid > 0) {
            o.putObject("process").put("pid", pid);
        }
        ObjectNode ferret = o.putObject("ferret").put("fact", "socket").put("state", state).put("inode", 0);
        ferret.putArray("pids");
        return o;
    }

    static void persistence(ObjectNode ferret, String kind, String path, String user, String command, Instant mtime) {
        ObjectNode p = ferret.putObject("persistence");
        p.put("kind", kind).put("path", path).put("line", 1).put("user", user).put("command", command)
                .put("mtime", mtime.toString());
    }

    ObjectNode persistenceFact(Instant time, Host host, String kind, String path, String command, Instant mtime) {
        ObjectNode o = base("event", time, host);
        ((ObjectNode) o.get("event")).putArray("category").add("configuration");
        o.putObject("file").put("path", path);
        ObjectNode ferret = o.putObject("ferret").put("fact", "persistence");
        persistence(ferret, kind, path, "root", command, mtime);
        return o;
    }

    /** The closing coverage record; {@code notes} and {@code denied} say what the scan could not see. */
    ObjectNode state(Instant time, Host host, String version, List<String> notes, int denied) {
        ObjectNode o = base("state", time, host);
        ObjectNode ferret = o.putObject("ferret");
        ObjectNode scan = ferret.putObject("scan");
        scan.put("version", version).put("started", time.minusSeconds(90).toString()).put("duration_ms", 90_000)
                .put("root", host.windows() ? "C:\\" : "/").put("live", true);
        ObjectNode cov = ferret.putObject("coverage");
        cov.putObject("counters");
        var gaps = cov.putArray("gaps");
        if (denied > 0) {
            gaps.addObject().put("area", "processes").put("reason", "memory map not readable (permission denied)")
                    .put("count", denied).putArray("examples").add("1");
        }
        notes.forEach(cov.putArray("notes")::add);
        return o;
    }
}

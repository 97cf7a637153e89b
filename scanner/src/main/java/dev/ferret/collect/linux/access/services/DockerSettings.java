package dev.ferret.collect.linux.access.services;

import dev.ferret.model.access.ServiceConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Docker API: every tcp:// host in daemon.json, the defaults files and the unit (TLS changes the default port). */
public final class DockerSettings implements SettingsReader {
    private static final Pattern TCP_HOST = Pattern.compile("tcp://([^\\s\"',]*)");
    private final ServiceSpec spec;

    public DockerSettings(ServiceSpec spec) {
        this.spec = spec;
    }

    @Override
    public List<ServiceConfig> read(ConfigSource files) {
        List<ServiceConfig> out = new ArrayList<>();
        for (String path : files.expand(spec.configs())) {
            files.lines(path).ifPresent(lines -> {
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).strip().startsWith("#")) {
                        continue;
                    }
                    Matcher m = TCP_HOST.matcher(lines.get(i));
                    while (m.find()) {
                        String hostPort = m.group(1);
                        int colon = hostPort.lastIndexOf(':');
                        String host = colon >= 0 ? hostPort.substring(0, colon) : hostPort;
                        Integer port = colon >= 0 ? Settings.port(hostPort.substring(colon + 1)) : null;
                        boolean tls = lines.get(i).contains("--tlsverify") || lines.get(i).contains("\"tlsverify\"");
                        out.add(new ServiceConfig("docker", path, i + 1, "host", "tcp://" + hostPort,
                                host.isEmpty() || Settings.exposed(host),
                                port != null ? port : spec.port(tls ? "tls-port" : "port")));
                    }
                }
            });
        }
        return out;
    }
}

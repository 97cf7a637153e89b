package dev.ferret.collect.linux.access.services;

import dev.ferret.model.access.ServiceConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/** PostgreSQL: listen_addresses of each cluster's postgresql.conf, with that file's port. */
public final class PostgresqlSettings implements SettingsReader {
    private final ServiceSpec spec;

    public PostgresqlSettings(ServiceSpec spec) {
        this.spec = spec;
    }

    private static Matcher setting(String line) {
        return Settings.INI.matcher(line.replaceAll("\\s#.*$", ""));
    }

    @Override
    public List<ServiceConfig> read(ConfigSource files) {
        List<ServiceConfig> out = new ArrayList<>();
        for (String path : files.expand(spec.configs())) {
            files.lines(path).ifPresent(lines -> {
                Integer port = spec.port("port");
                for (String l : lines) {
                    Matcher m = setting(l);
                    if (m.matches() && m.group(1).equals("port") && m.group(2) != null
                            && Settings.port(m.group(2)) != null) {
                        port = Settings.port(m.group(2));
                    }
                }
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = setting(lines.get(i));
                    if (m.matches() && m.group(1).equals("listen_addresses") && m.group(2) != null) {
                        String v = m.group(2).replaceAll("['\"]", "");
                        out.add(new ServiceConfig("postgresql", path, i + 1, "listen_addresses", v,
                                Settings.exposed(v), port));
                    }
                }
            });
        }
        return out;
    }
}

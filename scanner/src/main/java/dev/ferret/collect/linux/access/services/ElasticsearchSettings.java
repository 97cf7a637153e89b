package dev.ferret.collect.linux.access.services;

import dev.ferret.model.access.ServiceConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/** Elasticsearch: network.host / http.host, with its special values (_local_, _site_, _global_) resolved. */
public final class ElasticsearchSettings implements SettingsReader {
    private final ServiceSpec spec;

    public ElasticsearchSettings(ServiceSpec spec) {
        this.spec = spec;
    }

    @Override
    public List<ServiceConfig> read(ConfigSource files) {
        List<ServiceConfig> out = new ArrayList<>();
        for (String path : files.expand(spec.configs())) {
            files.lines(path).ifPresent(lines -> {
                for (int i = 0; i < lines.size(); i++) {
                    Matcher y = Settings.YAML.matcher(lines.get(i));
                    if (y.matches() && (y.group(1).equals("network.host") || y.group(1).equals("http.host"))
                            && !lines.get(i).strip().startsWith("#")) {
                        String v = y.group(2).replaceAll("[\\[\\]\"']", "");
                        out.add(new ServiceConfig("elasticsearch", path, i + 1, y.group(1), y.group(2),
                                Settings.exposed(v.replace("_local_", "127.0.0.1").replace("_site_", "0.0.0.0")
                                        .replace("_global_", "0.0.0.0")), spec.port("port")));
                    }
                }
            });
        }
        return out;
    }
}

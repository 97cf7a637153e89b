package dev.ferret.collect.linux.access.services;

import dev.ferret.model.access.ServiceConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Redis: bind, port, protected-mode and whether requirepass is set, per configuration file (sentinel's aside). */
public final class RedisSettings implements SettingsReader {
    private final ServiceSpec spec;

    public RedisSettings(ServiceSpec spec) {
        this.spec = spec;
    }

    @Override
    public List<ServiceConfig> read(ConfigSource files) {
        List<ServiceConfig> out = new ArrayList<>();
        boolean anyConfig = false;
        for (String path : files.expand(spec.configs())) {
            Optional<List<String>> text = files.lines(path);
            if (text.isEmpty() || path.contains("sentinel")) {
                continue;
            }
            anyConfig = true;
            boolean bind = false;
            Integer port = null;
            List<ServiceConfig> mine = new ArrayList<>();
            List<String> lines = text.get();
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i).strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] f = l.split("\\s+", 2);
                String value = f.length > 1 ? f[1].strip() : "";
                switch (f[0].toLowerCase(Locale.ROOT)) {
                    case "bind" -> {
                        bind = true;
                        mine.add(new ServiceConfig("redis", path, i + 1, "bind", value, Settings.exposed(value), null));
                    }
                    case "port" -> port = Settings.port(value);
                    case "protected-mode" -> mine.add(new ServiceConfig("redis", path, i + 1, "protected-mode",
                            value, false, null));
                    case "requirepass" -> mine.add(new ServiceConfig("redis", path, i + 1, "requirepass", "(set)",
                            false, null));
                    default -> {
                    }
                }
            }
            if (!bind) {
                mine.add(new ServiceConfig("redis", path, 0, "bind",
                        "* (no bind line: Redis listens on every interface)", true, null));
            }
            Settings.addWithPort(mine, port == null ? spec.port("port") : port, out);
        }
        if (!anyConfig && Settings.anyExists(files, spec.binaries())) {
            out.add(new ServiceConfig("redis", "(default)", 0, "bind",
                    "* (no configuration: Redis listens on every interface)", true, spec.port("port")));
        }
        return out;
    }
}

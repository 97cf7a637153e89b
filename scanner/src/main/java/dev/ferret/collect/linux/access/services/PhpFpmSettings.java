package dev.ferret.collect.linux.access.services;

import dev.ferret.model.access.ServiceConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/** PHP-FPM pools: a TCP {@code listen} (a socket path is not network exposure) and the pool's {@code user}. */
public final class PhpFpmSettings implements SettingsReader {
    private final ServiceSpec spec;

    public PhpFpmSettings(ServiceSpec spec) {
        this.spec = spec;
    }

    @Override
    public List<ServiceConfig> read(ConfigSource files) {
        List<ServiceConfig> out = new ArrayList<>();
        for (String path : files.expand(spec.configs())) {
            files.lines(path).ifPresent(lines -> {
                for (int i = 0; i < lines.size(); i++) {
                    String l = lines.get(i).strip();
                    Matcher m = Settings.INI.matcher(l);
                    if (l.startsWith(";") || l.startsWith("#") || !m.matches() || m.group(2) == null) {
                        continue;
                    }
                    String key = m.group(1);
                    String value = m.group(2);
                    if (key.equals("listen") && !value.startsWith("/")) {
                        int colon = value.lastIndexOf(':');
                        String host = colon >= 0 ? value.substring(0, colon) : "*";
                        Integer port = Settings.port(colon >= 0 ? value.substring(colon + 1) : value);
                        out.add(new ServiceConfig("php-fpm", path, i + 1, "listen", value, Settings.exposed(host),
                                port));
                    } else if (key.equals("user")) {
                        out.add(new ServiceConfig("php-fpm", path, i + 1, "user", value, false, null));
                    }
                }
            });
        }
        return out;
    }
}

package dev.ferret.collect.linux.access.services;

import dev.ferret.model.access.ServiceConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

/** MongoDB: bindIp / bindIpAll / port in the YAML form, bind_ip / port in the old ini form. */
public final class MongodbSettings implements SettingsReader {
    private final ServiceSpec spec;

    public MongodbSettings(ServiceSpec spec) {
        this.spec = spec;
    }

    @Override
    public List<ServiceConfig> read(ConfigSource files) {
        List<ServiceConfig> out = new ArrayList<>();
        for (String path : files.expand(spec.configs())) {
            Optional<List<String>> text = files.lines(path);
            if (text.isEmpty()) {
                continue;
            }
            Integer port = spec.port("port");
            List<ServiceConfig> mine = new ArrayList<>();
            List<String> lines = text.get();
            for (int i = 0; i < lines.size(); i++) {
                Matcher y = Settings.YAML.matcher(lines.get(i));
                Matcher ini = Settings.INI.matcher(lines.get(i));
                String key;
                String value;
                if (y.matches()) {
                    key = y.group(1);
                    value = y.group(2);
                } else if (ini.matches() && ini.group(2) != null) {
                    key = ini.group(1);
                    value = ini.group(2);
                } else {
                    continue;
                }
                switch (key) {
                    case "bindIp", "bind_ip" -> mine.add(new ServiceConfig("mongodb", path, i + 1, key, value,
                            Settings.exposed(value), null));
                    case "bindIpAll" -> mine.add(new ServiceConfig("mongodb", path, i + 1, key, value,
                            value.equalsIgnoreCase("true"), null));
                    case "port" -> port = Settings.port(value) == null ? port : Settings.port(value);
                    default -> {
                    }
                }
            }
            Settings.addWithPort(mine, port, out);
        }
        return out;
    }
}

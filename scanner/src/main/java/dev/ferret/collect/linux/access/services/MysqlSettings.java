package dev.ferret.collect.linux.access.services;

import dev.ferret.model.access.ServiceConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * MySQL / MariaDB: bind-address, port and skip-networking in the server's sections of my.cnf and its drop-ins.
 * Installed without a bind-address, the server listens on every interface: that default is recorded too.
 */
public final class MysqlSettings implements SettingsReader {
    private final ServiceSpec spec;

    public MysqlSettings(ServiceSpec spec) {
        this.spec = spec;
    }

    private static boolean serverSection(String section) {
        return section.equals("mysqld") || section.startsWith("mysqld-") || section.equals("mariadb")
                || section.equals("mariadbd") || section.startsWith("mariadb-") || section.equals("server");
    }

    @Override
    public List<ServiceConfig> read(ConfigSource files) {
        List<ServiceConfig> mine = new ArrayList<>();
        boolean bind = false;
        boolean noNetwork = false;
        Integer port = null;
        for (String path : files.expand(spec.configs())) {
            Optional<List<String>> text = files.lines(path);
            if (text.isEmpty()) {
                continue;
            }
            String section = "";
            List<String> lines = text.get();
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i).replaceAll("\\s[#;].*$", "");
                if (l.strip().startsWith("#") || l.strip().startsWith(";") || l.isBlank()) {
                    continue;
                }
                Matcher s = Settings.SECTION.matcher(l);
                if (s.matches()) {
                    section = s.group(1).strip().toLowerCase(Locale.ROOT);
                    continue;
                }
                Matcher m = Settings.INI.matcher(l);
                if (!serverSection(section) || !m.matches()) {
                    continue;
                }
                String key = m.group(1).toLowerCase(Locale.ROOT).replace('_', '-');
                String value = m.group(2) == null ? "" : m.group(2).replaceAll("^[\"']|[\"']$", "");
                switch (key) {
                    case "bind-address" -> {
                        bind = true;
                        mine.add(new ServiceConfig("mysql", path, i + 1, "bind-address", value,
                                Settings.exposed(value), null));
                    }
                    case "port" -> port = Settings.port(value);
                    case "skip-networking" -> {
                        noNetwork = !value.equalsIgnoreCase("0") && !value.equalsIgnoreCase("off");
                        mine.add(new ServiceConfig("mysql", path, i + 1, "skip-networking", value, false, null));
                    }
                    default -> {
                    }
                }
            }
        }
        int p = port == null ? spec.port("port") : port;
        if (!bind && !noNetwork && Settings.anyExists(files, spec.binaries())) {
            mine.add(new ServiceConfig("mysql", "(default)", 0, "bind-address",
                    "* (no bind-address set: MySQL and MariaDB listen on every interface)", true, p));
        }
        List<ServiceConfig> out = new ArrayList<>();
        Settings.addWithPort(mine, p, out);
        return out;
    }
}

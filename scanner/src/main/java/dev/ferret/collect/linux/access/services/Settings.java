package dev.ferret.collect.linux.access.services;

import dev.ferret.model.access.Addresses;
import dev.ferret.model.access.ServiceConfig;

import java.util.List;
import java.util.regex.Pattern;

/** The line shapes and address rules the service readers share. */
final class Settings {
    /** "key = value" or a bare "key" (ini, my.cnf, php-fpm, postgresql.conf). */
    static final Pattern INI = Pattern.compile("^\\s*([A-Za-z0-9_.-]+)\\s*(?:=\\s*(.*?))?\\s*$");
    static final Pattern SECTION = Pattern.compile("^\\s*\\[([^\\]]+)\\]\\s*$");
    /** "key: value" with an optional trailing comment (flat YAML). */
    static final Pattern YAML = Pattern.compile("^\\s*([A-Za-z.]+)\\s*:\\s*(\\S.*?)\\s*(#.*)?$");

    private Settings() {
    }

    /** A TCP port, or null for anything else. */
    static Integer port(String value) {
        try {
            int p = Integer.parseInt(value.strip());
            return p > 0 && p < 65536 ? p : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** True when one of the space- or comma-separated addresses reaches beyond loopback. */
    static boolean exposed(String addresses) {
        for (String a : addresses.split("[\\s,]+")) {
            String s = a.strip().replaceAll("^[\"'\\[-]+|[\"'\\]]+$", "");
            if (s.isEmpty()) {
                continue;
            }
            if (s.equals("*") || Addresses.allInterfaces(s) || s.equals("::*")) {
                return true;
            }
            if (!Addresses.loopback(s) && !s.equalsIgnoreCase("localhost") && !s.startsWith("/")) {
                return true;
            }
        }
        return false;
    }

    /** The same settings with the port the whole file (or the service's default) decided. */
    static void addWithPort(List<ServiceConfig> from, Integer port, List<ServiceConfig> to) {
        from.forEach(c -> to.add(new ServiceConfig(c.service(), c.path(), c.line(), c.setting(), c.value(),
                c.exposed(), port)));
    }

    static boolean anyExists(ConfigSource files, List<String> paths) {
        return paths.stream().anyMatch(files::exists);
    }
}

package dev.ferret.collect.linux.access;

import dev.ferret.collect.linux.dpkg.Dpkg;
import dev.ferret.collect.linux.dpkg.DpkgStatus;
import dev.ferret.model.access.AccessFacts;
import dev.ferret.model.access.Addresses;
import dev.ferret.model.access.ServiceConfig;
import dev.ferret.model.access.ServiceVersion;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of common network services that decide who can reach them and what they run as, read from their
 * configuration files (so an image shows its exposure without running it): MySQL/MariaDB bind-address, Redis bind /
 * protected-mode / requirepass, MongoDB bindIp, the Docker API's tcp hosts, Elasticsearch network.host, PostgreSQL
 * listen_addresses, PHP-FPM listen and user, sshd's root and password logins, the nginx/apache worker user. Where a
 * server is installed without a bind setting, its built-in default is recorded ("(default)").
 * Also the versions of common servers from dpkg's status file (server-packages.txt) and the OS from os-release.
 */
public final class ServiceCollector extends AccessCollector {
    private static final int MAX_BYTES = 1 << 20;
    private static final Pattern INI = Pattern.compile("^\\s*([A-Za-z0-9_.-]+)\\s*(?:=\\s*(.*?))?\\s*$");
    private static final Pattern SECTION = Pattern.compile("^\\s*\\[([^\\]]+)\\]\\s*$");
    private static final Pattern TCP_HOST = Pattern.compile("tcp://([^\\s\"',]*)");
    private static final Pattern YAML = Pattern.compile("^\\s*([A-Za-z.]+)\\s*:\\s*(\\S.*?)\\s*(#.*)?$");
    private final AccessPaths paths;

    public ServiceCollector(AccessLimits limits) {
        this(limits, AccessPaths.builtIn());
    }

    public ServiceCollector(AccessLimits limits, AccessPaths paths) {
        super(limits);
        this.paths = paths;
    }

    @Override
    void collect(AccessFiles files, AccessFacts facts) {
        List<ServiceConfig> out = new ArrayList<>();
        mysql(files, out);
        redis(files, out);
        mongodb(files, out);
        docker(files, out);
        elasticsearch(files, out);
        postgresql(files, out);
        phpFpm(files, out);
        ssh(files, out);
        workers(files, out);
        files.count("service settings", out.size());
        facts.addServiceConfigs(out);
        List<ServiceVersion> versions = new ArrayList<>(dpkgVersions(files));
        osRelease(files).ifPresent(versions::add);
        files.count("service versions", versions.size());
        facts.addVersions(versions);
    }

    private static boolean exists(AccessFiles files, String... hostPaths) {
        for (String p : hostPaths) {
            if (files.resolve(p).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private static List<String> withDropIns(AccessFiles files, List<String> mains, List<String> dirs, String suffix) {
        List<String> all = new ArrayList<>(mains);
        for (String d : dirs) {
            files.list(d).stream().filter(p -> p.endsWith(suffix)).forEach(all::add);
        }
        return all;
    }

    private static Integer port(String value) {
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

    private void mysql(AccessFiles files, List<ServiceConfig> out) {
        List<String> sources = withDropIns(files, List.of("/etc/my.cnf", "/etc/mysql/my.cnf", "/etc/mysql/mariadb.cnf"),
                List.of("/etc/my.cnf.d", "/etc/mysql/conf.d", "/etc/mysql/mysql.conf.d", "/etc/mysql/mariadb.conf.d"),
                ".cnf");
        boolean bind = false;
        boolean noNetwork = false;
        Integer port = null;
        for (String path : new LinkedHashSet<>(sources)) {
            Optional<AccessFiles.Text> text = files.read(path, MAX_BYTES);
            if (text.isEmpty()) {
                continue;
            }
            String section = "";
            List<String> lines = text.get().lines();
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i).replaceAll("\\s[#;].*$", "");
                if (l.strip().startsWith("#") || l.strip().startsWith(";") || l.isBlank()) {
                    continue;
                }
                Matcher s = SECTION.matcher(l);
                if (s.matches()) {
                    section = s.group(1).strip().toLowerCase(Locale.ROOT);
                    continue;
                }
                if (!(section.equals("mysqld") || section.startsWith("mysqld-") || section.equals("mariadb")
                        || section.equals("mariadbd") || section.startsWith("mariadb-") || section.equals("server"))) {
                    continue;
                }
                Matcher m = INI.matcher(l);
                if (!m.matches()) {
                    continue;
                }
                String key = m.group(1).toLowerCase(Locale.ROOT).replace('_', '-');
                String value = m.group(2) == null ? "" : m.group(2).replaceAll("^[\"']|[\"']$", "");
                switch (key) {
                    case "bind-address" -> {
                        bind = true;
                        out.add(new ServiceConfig("mysql", path, i + 1, "bind-address", value, exposed(value), null));
                    }
                    case "port" -> port = port(value);
                    case "skip-networking" -> {
                        noNetwork = !value.equalsIgnoreCase("0") && !value.equalsIgnoreCase("off");
                        out.add(new ServiceConfig("mysql", path, i + 1, "skip-networking", value, false, null));
                    }
                    default -> {
                    }
                }
            }
        }
        if (!bind && !noNetwork && exists(files, "/usr/sbin/mysqld", "/usr/sbin/mariadbd", "/usr/libexec/mysqld")) {
            out.add(new ServiceConfig("mysql", "(default)", 0, "bind-address",
                    "* (no bind-address set: MySQL and MariaDB listen on every interface)", true, port == null ? 3306 : port));
        }
        Integer p = port == null ? 3306 : port;
        out.replaceAll(c -> c.service().equals("mysql") && c.port() == null
                ? new ServiceConfig(c.service(), c.path(), c.line(), c.setting(), c.value(), c.exposed(), p) : c);
    }

    private void redis(AccessFiles files, List<ServiceConfig> out) {
        List<String> sources = withDropIns(files, List.of("/etc/redis.conf", "/etc/redis/redis.conf"),
                List.of("/etc/redis"), ".conf");
        boolean anyConfig = false;
        for (String path : new LinkedHashSet<>(sources)) {
            Optional<AccessFiles.Text> text = files.read(path, MAX_BYTES);
            if (text.isEmpty() || path.contains("sentinel")) {
                continue;
            }
            anyConfig = true;
            boolean bind = false;
            Integer port = null;
            List<ServiceConfig> mine = new ArrayList<>();
            List<String> lines = text.get().lines();
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i).strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] f = l.split("\\s+", 2);
                String key = f[0].toLowerCase(Locale.ROOT);
                String value = f.length > 1 ? f[1].strip() : "";
                switch (key) {
                    case "bind" -> {
                        bind = true;
                        mine.add(new ServiceConfig("redis", path, i + 1, "bind", value, exposed(value), null));
                    }
                    case "port" -> port = port(value);
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
            Integer p = port == null ? 6379 : port;
            mine.forEach(c -> out.add(new ServiceConfig(c.service(), c.path(), c.line(), c.setting(), c.value(),
                    c.exposed(), p)));
        }
        if (!anyConfig && exists(files, "/usr/bin/redis-server", "/usr/sbin/redis-server")) {
            out.add(new ServiceConfig("redis", "(default)", 0, "bind",
                    "* (no configuration: Redis listens on every interface)", true, 6379));
        }
    }

    private void mongodb(AccessFiles files, List<ServiceConfig> out) {
        for (String path : List.of("/etc/mongod.conf", "/etc/mongodb.conf")) {
            Optional<AccessFiles.Text> text = files.read(path, MAX_BYTES);
            if (text.isEmpty()) {
                continue;
            }
            Integer port = 27017;
            List<ServiceConfig> mine = new ArrayList<>();
            List<String> lines = text.get().lines();
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                Matcher y = YAML.matcher(l);
                Matcher ini = INI.matcher(l);
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
                            exposed(value), null));
                    case "bindIpAll" -> mine.add(new ServiceConfig("mongodb", path, i + 1, key, value,
                            value.equalsIgnoreCase("true"), null));
                    case "port" -> port = port(value) == null ? port : port(value);
                    default -> {
                    }
                }
            }
            Integer p = port;
            mine.forEach(c -> out.add(new ServiceConfig(c.service(), c.path(), c.line(), c.setting(), c.value(),
                    c.exposed(), p)));
        }
    }

    private void docker(AccessFiles files, List<ServiceConfig> out) {
        List<String> sources = withDropIns(files, List.of("/etc/docker/daemon.json", "/etc/default/docker",
                "/etc/sysconfig/docker", "/etc/systemd/system/docker.service", "/lib/systemd/system/docker.service",
                "/usr/lib/systemd/system/docker.service"), List.of("/etc/systemd/system/docker.service.d"), ".conf");
        for (String path : new LinkedHashSet<>(sources)) {
            files.read(path, MAX_BYTES).ifPresent(text -> {
                List<String> lines = text.lines();
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).strip().startsWith("#")) {
                        continue;
                    }
                    Matcher m = TCP_HOST.matcher(lines.get(i));
                    while (m.find()) {
                        String hostPort = m.group(1);
                        int colon = hostPort.lastIndexOf(':');
                        String host = colon >= 0 ? hostPort.substring(0, colon) : hostPort;
                        Integer port = colon >= 0 ? port(hostPort.substring(colon + 1)) : null;
                        boolean tls = lines.get(i).contains("--tlsverify") || lines.get(i).contains("\"tlsverify\"");
                        out.add(new ServiceConfig("docker", path, i + 1, "host", "tcp://" + hostPort,
                                host.isEmpty() || exposed(host), port != null ? port : tls ? 2376 : 2375));
                    }
                }
            });
        }
    }

    private void elasticsearch(AccessFiles files, List<ServiceConfig> out) {
        String path = "/etc/elasticsearch/elasticsearch.yml";
        files.read(path, MAX_BYTES).ifPresent(text -> {
            List<String> lines = text.lines();
            for (int i = 0; i < lines.size(); i++) {
                Matcher y = YAML.matcher(lines.get(i));
                if (y.matches() && (y.group(1).equals("network.host") || y.group(1).equals("http.host"))
                        && !lines.get(i).strip().startsWith("#")) {
                    String v = y.group(2).replaceAll("[\\[\\]\"']", "");
                    out.add(new ServiceConfig("elasticsearch", path, i + 1, y.group(1), y.group(2),
                            exposed(v.replace("_local_", "127.0.0.1").replace("_site_", "0.0.0.0")
                                    .replace("_global_", "0.0.0.0")), 9200));
                }
            }
        });
    }

    private void postgresql(AccessFiles files, List<ServiceConfig> out) {
        for (String version : files.list("/etc/postgresql")) {
            String path = version + "/main/postgresql.conf";
            files.read(path, MAX_BYTES).ifPresent(text -> {
                List<String> lines = text.lines();
                Integer port = 5432;
                for (String l : lines) {
                    Matcher m = INI.matcher(l.replaceAll("\\s#.*$", ""));
                    if (m.matches() && m.group(1).equals("port") && m.group(2) != null && port(m.group(2)) != null) {
                        port = port(m.group(2));
                    }
                }
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = INI.matcher(lines.get(i).replaceAll("\\s#.*$", ""));
                    if (m.matches() && m.group(1).equals("listen_addresses") && m.group(2) != null) {
                        String v = m.group(2).replaceAll("['\"]", "");
                        out.add(new ServiceConfig("postgresql", path, i + 1, "listen_addresses", v, exposed(v), port));
                    }
                }
            });
        }
    }

    private void phpFpm(AccessFiles files, List<ServiceConfig> out) {
        List<String> pools = new ArrayList<>();
        for (String v : files.list("/etc/php")) {
            files.list(v + "/fpm/pool.d").stream().filter(p -> p.endsWith(".conf")).forEach(pools::add);
        }
        files.list("/etc/php-fpm.d").stream().filter(p -> p.endsWith(".conf")).forEach(pools::add);
        for (String path : pools) {
            files.read(path, MAX_BYTES).ifPresent(text -> {
                List<String> lines = text.lines();
                for (int i = 0; i < lines.size(); i++) {
                    String l = lines.get(i).strip();
                    if (l.startsWith(";") || l.startsWith("#")) {
                        continue;
                    }
                    Matcher m = INI.matcher(l);
                    if (!m.matches() || m.group(2) == null) {
                        continue;
                    }
                    String key = m.group(1);
                    String value = m.group(2);
                    if (key.equals("listen") && !value.startsWith("/")) {
                        int colon = value.lastIndexOf(':');
                        String host = colon >= 0 ? value.substring(0, colon) : "*";
                        Integer port = port(colon >= 0 ? value.substring(colon + 1) : value);
                        out.add(new ServiceConfig("php-fpm", path, i + 1, "listen", value, exposed(host), port));
                    } else if (key.equals("user")) {
                        out.add(new ServiceConfig("php-fpm", path, i + 1, "user", value, false, null));
                    }
                }
            });
        }
    }

    private void ssh(AccessFiles files, List<ServiceConfig> out) {
        List<String> sources = withDropIns(files, List.of("/etc/ssh/sshd_config"), List.of("/etc/ssh/sshd_config.d"),
                ".conf");
        for (String path : sources) {
            files.read(path, MAX_BYTES).ifPresent(text -> {
                List<String> lines = text.lines();
                for (int i = 0; i < lines.size(); i++) {
                    String[] f = lines.get(i).strip().split("\\s+", 2);
                    if (f.length < 2 || f[0].startsWith("#")) {
                        continue;
                    }
                    String key = f[0].toLowerCase(Locale.ROOT);
                    if (key.equals("match")) {
                        break; // conditional blocks apply to some clients only
                    }
                    if (key.equals("permitrootlogin") || key.equals("passwordauthentication")
                            || key.equals("listenaddress") || key.equals("port")) {
                        out.add(new ServiceConfig("ssh", path, i + 1, f[0], f[1].strip(),
                                key.equals("listenaddress") && exposed(f[1].replaceAll(":\\d+$", "")),
                                key.equals("port") ? port(f[1]) : null));
                    }
                }
            });
        }
    }

    private void workers(AccessFiles files, List<ServiceConfig> out) {
        files.read("/etc/nginx/nginx.conf", MAX_BYTES).ifPresent(text -> {
            List<String> lines = text.lines();
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = Pattern.compile("^\\s*user\\s+([^\\s;]+)").matcher(lines.get(i));
                if (m.find()) {
                    out.add(new ServiceConfig("nginx", "/etc/nginx/nginx.conf", i + 1, "user", m.group(1), false, null));
                }
            }
        });
        files.read("/etc/apache2/envvars", MAX_BYTES).ifPresent(text -> {
            List<String> lines = text.lines();
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = Pattern.compile("^\\s*export\\s+APACHE_RUN_USER=([^\\s#]+)").matcher(lines.get(i));
                if (m.find()) {
                    out.add(new ServiceConfig("apache", "/etc/apache2/envvars", i + 1, "user",
                            m.group(1).replace("\"", ""), false, null));
                }
            }
        });
        files.read("/etc/httpd/conf/httpd.conf", MAX_BYTES).ifPresent(text -> {
            List<String> lines = text.lines();
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = Pattern.compile("^\\s*User\\s+(\\S+)").matcher(lines.get(i));
                if (m.find()) {
                    out.add(new ServiceConfig("apache", "/etc/httpd/conf/httpd.conf", i + 1, "user", m.group(1), false,
                            null));
                }
            }
        });
    }

    /** Installed versions of the servers server-packages.txt names, from dpkg's status file (streamed). */
    private List<ServiceVersion> dpkgVersions(AccessFiles files) {
        String path = Dpkg.STATUS;
        Optional<Path> real = files.regular(path);
        List<ServiceVersion> out = new ArrayList<>();
        if (real.isEmpty()) {
            return out;
        }
        Set<String> seen = new LinkedHashSet<>();
        try (FileChannel ch = AccessFiles.open(real.get());
             BufferedReader r = new BufferedReader(new InputStreamReader(AccessFiles.stream(ch), StandardCharsets.UTF_8))) {
            DpkgStatus.read(r, p -> {
                if (p.version() == null || !p.installed()) {
                    return;
                }
                for (AccessPaths.ServicePackage sp : paths.packages()) {
                    if (sp.pattern().matcher(p.pkg()).find()) {
                        String v = p.versionWithoutEpoch();
                        if (seen.add(sp.service() + " " + v)) {
                            out.add(new ServiceVersion(sp.service(), p.pkg(), v, path));
                        }
                        break;
                    }
                }
            });
        } catch (IOException e) {
            files.gap("dpkg status unreadable", path + ": " + e.getMessage());
        }
        return out;
    }

    private static Optional<ServiceVersion> osRelease(AccessFiles files) {
        for (String path : List.of("/etc/os-release", "/usr/lib/os-release")) {
            Optional<AccessFiles.Text> text = files.read(path, 64 * 1024);
            if (text.isEmpty()) {
                continue;
            }
            String id = null;
            String version = null;
            for (String l : text.get().lines()) {
                if (l.startsWith("ID=")) {
                    id = l.substring(3).replace("\"", "").strip();
                } else if (l.startsWith("VERSION_ID=")) {
                    version = l.substring(11).replace("\"", "").strip();
                }
            }
            if (id != null) {
                return Optional.of(new ServiceVersion("os", "os-release", id + (version == null ? "" : " " + version),
                        path));
            }
        }
        return Optional.empty();
    }
}

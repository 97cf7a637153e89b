package dev.ferret.collect.linux.access.services;

import dev.ferret.data.DataLine;
import dev.ferret.model.access.ServiceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each service reader on configuration files written to a temporary root, paths and ports from services.txt. */
class ServiceSettingsTest {
    @TempDir
    Path root;

    private final ServiceSpecs specs = ServiceSpecs.builtIn();

    /** A plain rooted view of the temporary tree (the collector's own is link-safe; that is tested elsewhere). */
    private final ConfigSource files = new ConfigSource() {
        @Override
        public List<String> list(String hostDir) {
            try (Stream<Path> s = Files.list(root.resolve(hostDir.substring(1)))) {
                return s.map(p -> "/" + root.relativize(p)).sorted().toList();
            } catch (IOException e) {
                return List.of();
            }
        }

        @Override
        public Optional<List<String>> lines(String hostPath) {
            try {
                return Optional.of(List.of(Files.readString(root.resolve(hostPath.substring(1))).split("\n", -1)));
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        @Override
        public boolean exists(String hostPath) {
            return Files.exists(root.resolve(hostPath.substring(1)));
        }
    };

    private void file(String hostPath, String text) throws IOException {
        Path p = root.resolve(hostPath.substring(1));
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void everyServiceTheCollectorReadsIsDeclaredWithItsDefaults() {
        assertEquals(List.of("mysql", "redis", "mongodb", "docker", "elasticsearch", "postgresql", "php-fpm", "ssh",
                "nginx", "apache"), specs.services());
        assertEquals(3306, specs.get("mysql").port("port"));
        assertEquals(2376, specs.get("docker").port("tls-port"));
        assertThrows(IllegalStateException.class, () -> specs.get("ssh").port("port"), "ssh has no default in data");
        assertThrows(IllegalStateException.class, () -> specs.get("telnet"));
    }

    @Test
    void brokenDataFailsLoadingWithItsLocation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServiceSpecs.parse(List.of(
                new DataLine("services.txt", 3, "redis;conifg;/etc/redis.conf", ""),
                new DataLine("services.txt", 4, "redis;port;70000", ""),
                new DataLine("services.txt", 5, "redis;config;etc/redis.conf", ""),
                new DataLine("services.txt", 6, "redis", ""))));
        String m = e.getMessage();
        assertTrue(m.contains("services.txt:3: unknown role 'conifg'"), m);
        assertTrue(m.contains("services.txt:4: not a TCP port"), m);
        assertTrue(m.contains("services.txt:5: path must be absolute"), m);
        assertTrue(m.contains("services.txt:6: expected"), m);
    }

    @Test
    void globsExpandPerComponentInDeclaredOrder() throws IOException {
        file("/etc/postgresql/15/main/postgresql.conf", "");
        file("/etc/postgresql/16/main/postgresql.conf", "");
        file("/etc/php/8.2/fpm/pool.d/www.conf", "");
        file("/etc/php/8.2/fpm/pool.d/www.conf.bak", "");
        assertEquals(List.of("/etc/postgresql/15/main/postgresql.conf", "/etc/postgresql/16/main/postgresql.conf"),
                files.expand(specs.get("postgresql").configs()));
        assertEquals(List.of("/etc/php/8.2/fpm/pool.d/www.conf"), files.expand(specs.get("php-fpm").configs()));
        file("/etc/redis/redis.conf", "");
        assertEquals(List.of("/etc/redis.conf", "/etc/redis/redis.conf"), files.expand(specs.get("redis").configs()),
                "a file named by a path and by a glob is read once");
    }

    @Test
    void installedWithoutConfigurationMeansTheBuiltInDefaults() throws IOException {
        file("/usr/sbin/mysqld", "");
        file("/usr/bin/redis-server", "");
        List<ServiceConfig> mysql = new MysqlSettings(specs.get("mysql")).read(files);
        assertEquals(1, mysql.size(), mysql.toString());
        assertTrue(mysql.get(0).exposed());
        assertEquals(3306, mysql.get(0).port());
        List<ServiceConfig> redis = new RedisSettings(specs.get("redis")).read(files);
        assertEquals(6379, redis.get(0).port());
        assertTrue(redis.get(0).exposed());
    }

    @Test
    void mysqlSkipNetworkingSuppressesTheDefault() throws IOException {
        file("/usr/sbin/mariadbd", "");
        file("/etc/mysql/my.cnf", "[mariadb]\nskip-networking\n");
        List<ServiceConfig> c = new MysqlSettings(specs.get("mysql")).read(files);
        assertEquals(1, c.size(), c.toString());
        assertEquals("skip-networking", c.get(0).setting());
        assertFalse(c.get(0).exposed());
    }

    @Test
    void dockerTlsChangesTheDefaultPort() throws IOException {
        file("/etc/default/docker", "DOCKER_OPTS=\"-H tcp://0.0.0.0 --tlsverify\"\n# -H tcp://0.0.0.0:1\n");
        List<ServiceConfig> c = new DockerSettings(specs.get("docker")).read(files);
        assertEquals(1, c.size(), "commented hosts are not read: " + c);
        assertEquals(2376, c.get(0).port());
        assertTrue(c.get(0).exposed());
    }

    @Test
    void elasticsearchSpecialValuesAndPort() throws IOException {
        file("/etc/elasticsearch/elasticsearch.yml", "network.host: _local_\nhttp.host: [\"_site_\"]\n");
        List<ServiceConfig> c = new ElasticsearchSettings(specs.get("elasticsearch")).read(files);
        assertEquals(2, c.size(), c.toString());
        assertFalse(c.get(0).exposed(), "_local_ is loopback");
        assertTrue(c.get(1).exposed(), "_site_ is every site-local address");
        assertTrue(c.stream().allMatch(x -> x.port() == 9200));
    }

    @Test
    void postgresqlTakesTheFilesPort() throws IOException {
        file("/etc/postgresql/16/main/postgresql.conf", "listen_addresses = '*'  # all\nport = 5433\n");
        List<ServiceConfig> c = new PostgresqlSettings(specs.get("postgresql")).read(files);
        assertEquals(1, c.size(), c.toString());
        assertEquals("/etc/postgresql/16/main/postgresql.conf:1", c.get(0).location());
        assertTrue(c.get(0).exposed());
        assertEquals(5433, c.get(0).port());
    }

    @Test
    void sshStopsAtTheFirstMatchBlock() throws IOException {
        file("/etc/ssh/sshd_config", "PermitRootLogin yes\nListenAddress 10.0.0.5:22\nPort 2222\n"
                + "Match User backup\n  PasswordAuthentication yes\n");
        List<ServiceConfig> c = new SshSettings(specs.get("ssh")).read(files);
        assertEquals(List.of("PermitRootLogin", "ListenAddress", "Port"),
                c.stream().map(ServiceConfig::setting).toList());
        assertTrue(c.get(1).exposed());
        assertEquals(2222, c.get(2).port());
    }

    @Test
    void webWorkersUsers() throws IOException {
        file("/etc/nginx/nginx.conf", "user www-data;\nworker_processes auto;\n");
        file("/etc/apache2/envvars", "export APACHE_RUN_USER=\"root\"\n");
        file("/etc/httpd/conf/httpd.conf", "User apache\n");
        List<ServiceConfig> all = new ArrayList<>(WorkerUser.nginx(specs.get("nginx")).read(files));
        all.addAll(WorkerUser.apache(specs.get("apache")).read(files));
        assertEquals(List.of("nginx www-data", "apache root", "apache apache"),
                all.stream().map(x -> x.service() + " " + x.value()).toList());
    }
}

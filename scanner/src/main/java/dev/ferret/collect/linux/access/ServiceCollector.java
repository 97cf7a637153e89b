package dev.ferret.collect.linux.access;

import dev.ferret.collect.linux.access.services.ConfigSource;
import dev.ferret.collect.linux.access.services.DockerSettings;
import dev.ferret.collect.linux.access.services.ElasticsearchSettings;
import dev.ferret.collect.linux.access.services.MongodbSettings;
import dev.ferret.collect.linux.access.services.MysqlSettings;
import dev.ferret.collect.linux.access.services.PhpFpmSettings;
import dev.ferret.collect.linux.access.services.PostgresqlSettings;
import dev.ferret.collect.linux.access.services.RedisSettings;
import dev.ferret.collect.linux.access.services.ServiceSpecs;
import dev.ferret.collect.linux.access.services.SettingsReader;
import dev.ferret.collect.linux.access.services.SshSettings;
import dev.ferret.collect.linux.access.services.WorkerUser;
import dev.ferret.collect.linux.dpkg.Dpkg;
import dev.ferret.collect.linux.dpkg.DpkgStatus;
import dev.ferret.model.access.AccessFacts;
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
import java.util.Optional;
import java.util.Set;

/**
 * The settings of common network services that decide who can reach them and what they run as, read from their
 * configuration files (so an image shows its exposure without running it), one {@link SettingsReader} per service
 * with its paths and default ports from {@code detect/services.txt}. Also the versions of common servers from
 * dpkg's status file (server-packages.txt) and the OS from os-release.
 */
public final class ServiceCollector extends AccessCollector {
    private static final int MAX_BYTES = 1 << 20;
    private final AccessPaths paths;
    private final List<SettingsReader> readers;

    public ServiceCollector(AccessLimits limits) {
        this(limits, AccessPaths.builtIn(), ServiceSpecs.builtIn());
    }

    public ServiceCollector(AccessLimits limits, AccessPaths paths, ServiceSpecs specs) {
        super(limits);
        this.paths = paths;
        this.readers = List.of(new MysqlSettings(specs.get("mysql")), new RedisSettings(specs.get("redis")),
                new MongodbSettings(specs.get("mongodb")), new DockerSettings(specs.get("docker")),
                new ElasticsearchSettings(specs.get("elasticsearch")), new PostgresqlSettings(specs.get("postgresql")),
                new PhpFpmSettings(specs.get("php-fpm")), new SshSettings(specs.get("ssh")),
                WorkerUser.nginx(specs.get("nginx")), WorkerUser.apache(specs.get("apache")));
    }

    @Override
    void collect(AccessFiles files, AccessFacts facts) {
        List<ServiceConfig> out = new ArrayList<>();
        ConfigSource source = source(files);
        readers.forEach(r -> out.addAll(r.read(source)));
        files.count("service settings", out.size());
        facts.addServiceConfigs(out);
        List<ServiceVersion> versions = new ArrayList<>(dpkgVersions(files));
        osRelease(files).ifPresent(versions::add);
        files.count("service versions", versions.size());
        facts.addVersions(versions);
    }

    /** The access collectors' rooted, link-safe files, as the service readers see them. */
    private static ConfigSource source(AccessFiles files) {
        return new ConfigSource() {
            @Override
            public List<String> list(String hostDir) {
                return files.list(hostDir);
            }

            @Override
            public Optional<List<String>> lines(String hostPath) {
                return files.read(hostPath, MAX_BYTES).map(AccessFiles.Text::lines);
            }

            @Override
            public boolean exists(String hostPath) {
                return files.resolve(hostPath).isPresent();
            }
        };
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

package dev.ferret.collect.linux.access.services;

import dev.ferret.model.access.ServiceConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** sshd: PermitRootLogin, PasswordAuthentication, ListenAddress and Port, up to the first Match block. */
public final class SshSettings implements SettingsReader {
    private static final Set<String> KEYS = Set.of("permitrootlogin", "passwordauthentication", "listenaddress",
            "port");
    private final ServiceSpec spec;

    public SshSettings(ServiceSpec spec) {
        this.spec = spec;
    }

    @Override
    public List<ServiceConfig> read(ConfigSource files) {
        List<ServiceConfig> out = new ArrayList<>();
        for (String path : files.expand(spec.configs())) {
            files.lines(path).ifPresent(lines -> {
                for (int i = 0; i < lines.size(); i++) {
                    String[] f = lines.get(i).strip().split("\\s+", 2);
                    if (f.length < 2 || f[0].startsWith("#")) {
                        continue;
                    }
                    String key = f[0].toLowerCase(Locale.ROOT);
                    if (key.equals("match")) {
                        break; // conditional blocks apply to some clients only
                    }
                    if (KEYS.contains(key)) {
                        out.add(new ServiceConfig("ssh", path, i + 1, f[0], f[1].strip(),
                                key.equals("listenaddress") && Settings.exposed(f[1].replaceAll(":\\d+$", "")),
                                key.equals("port") ? Settings.port(f[1]) : null));
                    }
                }
            });
        }
        return out;
    }
}

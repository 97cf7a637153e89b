package dev.ferret.collect.linux.access.services;

import dev.ferret.model.access.ServiceConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The user a web server's workers run as: nginx's {@code user}, Apache's {@code APACHE_RUN_USER} or {@code User}. */
public final class WorkerUser implements SettingsReader {
    private final ServiceSpec spec;
    private final List<Pattern> userLines;

    private WorkerUser(ServiceSpec spec, List<Pattern> userLines) {
        this.spec = spec;
        this.userLines = userLines;
    }

    public static WorkerUser nginx(ServiceSpec spec) {
        return new WorkerUser(spec, List.of(Pattern.compile("^\\s*user\\s+([^\\s;]+)")));
    }

    public static WorkerUser apache(ServiceSpec spec) {
        return new WorkerUser(spec, List.of(Pattern.compile("^\\s*export\\s+APACHE_RUN_USER=([^\\s#]+)"),
                Pattern.compile("^\\s*User\\s+(\\S+)")));
    }

    @Override
    public List<ServiceConfig> read(ConfigSource files) {
        List<ServiceConfig> out = new ArrayList<>();
        for (String path : files.expand(spec.configs())) {
            files.lines(path).ifPresent(lines -> {
                for (int i = 0; i < lines.size(); i++) {
                    for (Pattern p : userLines) {
                        Matcher m = p.matcher(lines.get(i));
                        if (m.find()) {
                            out.add(new ServiceConfig(spec.service(), path, i + 1, "user",
                                    m.group(1).replace("\"", ""), false, null));
                            break;
                        }
                    }
                }
            });
        }
        return out;
    }
}

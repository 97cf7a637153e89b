package dev.ferret.collect.linux.access.services;

import dev.ferret.data.DataFileReader;
import dev.ferret.data.DataLine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The services' paths and default ports, loaded from {@code detect/services.txt} ('service;role;value'). A malformed
 * line, an unknown role or a service a reader needs but the data lacks fails loading with {@code file:line: problem}.
 */
public final class ServiceSpecs {
    static final String RESOURCE = "ferret/signatures/detect/services.txt";
    private static volatile ServiceSpecs builtIn;

    private final Map<String, ServiceSpec> specs;

    private ServiceSpecs(Map<String, ServiceSpec> specs) {
        this.specs = specs;
    }

    public static ServiceSpecs builtIn() {
        ServiceSpecs s = builtIn;
        if (s == null) {
            s = parse(DataFileReader.readResource(RESOURCE));
            builtIn = s;
        }
        return s;
    }

    /** @throws IllegalArgumentException listing every problem, one {@code file:line: problem} a line */
    static ServiceSpecs parse(List<DataLine> lines) {
        Map<String, List<String>> configs = new LinkedHashMap<>();
        Map<String, List<String>> binaries = new HashMap<>();
        Map<String, Map<String, Integer>> ports = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (DataLine line : lines) {
            String[] f = line.text().split(";", 3);
            if (f.length != 3 || f[0].isBlank() || f[2].isBlank()) {
                problems.add(line.where() + ": expected 'service;role;value'");
                continue;
            }
            String service = f[0].strip();
            String role = f[1].strip();
            String value = f[2].strip();
            configs.computeIfAbsent(service, k -> new ArrayList<>());
            switch (role) {
                case "config", "binary" -> {
                    if (!value.startsWith("/")) {
                        problems.add(line.where() + ": path must be absolute");
                    } else {
                        (role.equals("config") ? configs.get(service)
                                : binaries.computeIfAbsent(service, k -> new ArrayList<>())).add(value);
                    }
                }
                case "port", "tls-port" -> {
                    try {
                        int p = Integer.parseInt(value);
                        if (p < 1 || p > 65535) {
                            throw new NumberFormatException();
                        }
                        ports.computeIfAbsent(service, k -> new HashMap<>()).put(role, p);
                    } catch (NumberFormatException e) {
                        problems.add(line.where() + ": not a TCP port: " + value);
                    }
                }
                default -> problems.add(line.where() + ": unknown role '" + role
                        + "' (config, binary, port, tls-port)");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        Map<String, ServiceSpec> specs = new LinkedHashMap<>();
        configs.forEach((service, paths) -> specs.put(service, new ServiceSpec(service, paths,
                binaries.getOrDefault(service, List.of()), ports.getOrDefault(service, Map.of()))));
        return new ServiceSpecs(specs);
    }

    /** @throws IllegalStateException when the data has no entry for the service */
    public ServiceSpec get(String service) {
        ServiceSpec s = specs.get(service);
        if (s == null) {
            throw new IllegalStateException(RESOURCE + ": no entry for service " + service);
        }
        return s;
    }

    public List<String> services() {
        return List.copyOf(specs.keySet());
    }
}

package dev.ferret.collect.linux.access.services;

import java.util.List;
import java.util.Map;

/**
 * One service's entry in {@code detect/services.txt}: its configuration paths (with '*' components), the binaries
 * that show it is installed, and its default ports by name ("port", "tls-port").
 */
public record ServiceSpec(String service, List<String> configs, List<String> binaries, Map<String, Integer> ports) {
    public ServiceSpec {
        configs = List.copyOf(configs);
        binaries = List.copyOf(binaries);
        ports = Map.copyOf(ports);
    }

    /** A default port the data must declare; a missing one is a broken signature set, not a host problem. */
    public int port(String name) {
        Integer p = ports.get(name);
        if (p == null) {
            throw new IllegalStateException(ServiceSpecs.RESOURCE + ": " + service + " has no " + name);
        }
        return p;
    }
}

package dev.ferret.model.access;

/**
 * One setting of a network service's configuration that decides who can reach it or what it runs as: a bind
 * address, a port, protected mode, a password requirement, the worker user, ...
 *
 * @param service       "mysql", "redis", "mongodb", "docker", "elasticsearch", "postgresql", "ssh", "nginx", ...
 * @param path          the file (host path); "(default)" when the service's built-in default applies
 * @param line          1-based line, 0 for a default
 * @param setting       the setting's name as written ("bind-address", "bind", "hosts", "user", ...)
 * @param value         its value as written
 * @param exposed       the value makes the service reachable from other hosts: every interface (0.0.0.0, ::, *) or a
 *                      non-loopback address
 * @param port          the port it names or implies, when known
 */
public record ServiceConfig(String service, String path, int line, String setting, String value,
                            boolean exposed, Integer port) {
    public String location() {
        return line > 0 ? path + ":" + line : path;
    }
}

package dev.ferret.model.access;

/**
 * The installed version of a common server or runtime, where cheaply known (the package database, os-release).
 *
 * @param service     "openssh", "nginx", "apache", "mysql", "mariadb", "redis", "docker", "php", "os", ...
 * @param packageName the package it was read from (or "os-release")
 * @param version     the version without a Debian epoch ("9.2p1-2+deb12u3", "debian 12")
 */
public record ServiceVersion(String service, String packageName, String version, String source) {
    /** "service version", the text outdated-services.txt patterns are matched against. */
    public String text() {
        return service + " " + version;
    }
}

package dev.ferret.collect.linux.access.services;

import dev.ferret.model.access.ServiceConfig;

import java.util.List;

/** Reads one service's reachability and identity settings from its configuration files. Never judges them. */
public interface SettingsReader {
    List<ServiceConfig> read(ConfigSource files);
}

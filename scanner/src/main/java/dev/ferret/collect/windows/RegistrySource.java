package dev.ferret.collect.windows;

import dev.ferret.os.windows.RegistryValue;
import dev.ferret.os.windows.WindowsException;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Read-only registry access; keys are written "HKLM\SOFTWARE\..."; a missing key reads as empty. */
public interface RegistrySource {
    List<String> subKeys(String key) throws WindowsException;

    Map<String, RegistryValue> values(String key) throws WindowsException;

    Optional<Instant> lastWrite(String key) throws WindowsException;
}

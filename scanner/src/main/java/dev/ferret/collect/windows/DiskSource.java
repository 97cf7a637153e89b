package dev.ferret.collect.windows;

import java.nio.file.Path;

/** Where a path of the Windows host ("C:\Windows\System32\Tasks") can be read now: itself live, a fixture in tests. */
public interface DiskSource {
    Path path(String windowsPath);
}

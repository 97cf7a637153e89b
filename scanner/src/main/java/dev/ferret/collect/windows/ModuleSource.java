package dev.ferret.collect.windows;

import dev.ferret.os.windows.ModuleEntry;
import dev.ferret.os.windows.WindowsException;

import java.util.List;

/** A process's loader list with each module's mapped file (EnumProcessModulesEx + GetMappedFileName). */
public interface ModuleSource {
    List<ModuleEntry> modules(int pid) throws WindowsException;
}

package dev.ferret.os.windows;

/**
 * A module in a process's loader list (EnumProcessModulesEx, 32- and 64-bit modules).
 *
 * @param path       the loader's path (GetModuleFileNameEx)
 * @param mappedPath the file the image section really maps (GetMappedFileName, converted to a DOS path);
 *                   null when it could not be asked
 */
public record ModuleEntry(long base, long size, String path, String mappedPath) {
}

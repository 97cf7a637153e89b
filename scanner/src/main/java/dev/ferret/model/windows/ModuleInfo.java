package dev.ferret.model.windows;

/**
 * A module loaded in a Windows process.
 *
 * @param path       the loader's path (normalised DOS path)
 * @param mappedPath the file the image section maps (GetMappedFileName), null when unknown
 */
public record ModuleInfo(int pid, String path, long base, long size, String mappedPath, MappingState mapping,
                         FileFacts file) {
    public Signature signature() {
        return file == null ? Signature.UNKNOWN : file.signature();
    }

    public String fileName() {
        return path == null ? null : path.substring(path.lastIndexOf('\\') + 1);
    }
}

package dev.ferret.collect.windows;

import dev.ferret.os.windows.FileVersionInfo;
import dev.ferret.os.windows.SignatureResult;
import dev.ferret.os.windows.WindowsException;

import java.util.Optional;

/** Facts about files on the Windows host: Authenticode state, version resource, readability. */
public interface FileSource {
    SignatureResult signature(String path) throws WindowsException;

    Optional<FileVersionInfo> version(String path) throws WindowsException;

    boolean readable(String path);
}

package dev.ferret.os.windows;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.VerRsrc;
import com.sun.jna.platform.win32.Version;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

import java.util.Optional;

/** A PE file's version resource (GetFileVersionInfo / VerQueryValue). */
public final class FileVersions {
    private FileVersions() {
    }

    /** "major.minor.build.revision" from VS_FIXEDFILEINFO's two DWORDs (pure: tested without Windows). */
    public static String format(int ms, int ls) {
        return (ms >>> 16) + "." + (ms & 0xFFFF) + "." + (ls >>> 16) + "." + (ls & 0xFFFF);
    }

    public static Optional<FileVersionInfo> read(String path) throws WindowsException {
        Windows.require();
        Version v = Version.INSTANCE;
        int size = v.GetFileVersionInfoSize(path, new IntByReference());
        if (size <= 0) {
            return Optional.empty();
        }
        try (Memory block = new Memory(size)) {
            if (!v.GetFileVersionInfo(path, 0, size, block)) {
                return Optional.empty();
            }
            PointerByReference value = new PointerByReference();
            IntByReference length = new IntByReference();
            String fileVersion = null;
            String productVersion = null;
            if (v.VerQueryValue(block, "\\", value, length) && length.getValue() > 0) {
                VerRsrc.VS_FIXEDFILEINFO fixed = new VerRsrc.VS_FIXEDFILEINFO(value.getValue());
                fixed.read();
                fileVersion = format(fixed.dwFileVersionMS.intValue(), fixed.dwFileVersionLS.intValue());
                productVersion = format(fixed.dwProductVersionMS.intValue(), fixed.dwProductVersionLS.intValue());
            }
            String table = "040904b0";
            if (v.VerQueryValue(block, "\\VarFileInfo\\Translation", value, length) && length.getValue() >= 4) {
                Pointer p = value.getValue();
                table = String.format("%04x%04x", p.getShort(0) & 0xFFFF, p.getShort(2) & 0xFFFF);
            }
            return Optional.of(new FileVersionInfo(fileVersion, productVersion, string(v, block, table, "CompanyName"),
                    string(v, block, table, "ProductName"), string(v, block, table, "OriginalFilename"),
                    string(v, block, table, "FileDescription")));
        }
    }

    private static String string(Version v, Pointer block, String table, String name) {
        PointerByReference value = new PointerByReference();
        IntByReference length = new IntByReference();
        if (v.VerQueryValue(block, "\\StringFileInfo\\" + table + "\\" + name, value, length) && length.getValue() > 0) {
            return value.getValue().getWideString(0).strip();
        }
        return null;
    }
}

package dev.ferret.os.linux;

import java.util.Locale;

/** Linux system call numbers for the architectures ferret runs on (they differ per architecture). */
record SyscallNumbers(long getdents64, long kill) {
    static SyscallNumbers forCurrentArch() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> new SyscallNumbers(217, 62);
            case "aarch64", "arm64" -> new SyscallNumbers(61, 129);
            default -> null;
        };
    }
}

package dev.ferret.respond.windows;

import dev.ferret.model.ProcessRef;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a Windows plan never touches: the Idle and System processes, csrss, wininit, smss, lsass, services,
 * winlogon (when they run from System32: a csrss.exe in a user's folder is malware wearing the name), a shared
 * svchost.exe, ferret itself, and Windows' own files in System32/SysWOW64/WinSxS.
 */
final class WindowsGuard {
    private static final Set<String> CRITICAL = Set.of("csrss.exe", "wininit.exe", "smss.exe", "lsass.exe",
            "services.exe", "winlogon.exe", "lsaiso.exe", "system", "registry", "memcompression", "idle",
            "secure system");
    private static final Set<String> CORE_FILES = Set.of("ntoskrnl.exe", "hal.dll", "ntdll.dll", "kernel32.dll",
            "kernelbase.dll", "user32.dll", "advapi32.dll", "lsass.exe", "csrss.exe", "winlogon.exe", "services.exe",
            "smss.exe", "wininit.exe", "svchost.exe", "explorer.exe");

    private final WindowsPlanner.Context ctx;

    WindowsGuard(WindowsPlanner.Context ctx) {
        this.ctx = ctx;
    }

    /** Why a process must not be suspended or killed on Windows, if it must not. */
    Optional<String> refuse(ProcessRef p) {
        String name = p.name() == null ? WindowsPaths.fileName(p.executable() == null ? "" : p.executable()) : p.name();
        String lower = name.toLowerCase(Locale.ROOT);
        if (p.pid() == 0 || p.pid() == 4) {
            return Optional.of("pid " + p.pid() + " is the " + (p.pid() == 0 ? "Idle" : "System")
                    + " process: never touched");
        }
        if (ctx.sameHost() && p.pid() == ctx.selfPid()) {
            return Optional.of("pid " + p.pid() + " is ferret itself");
        }
        boolean inSystem = p.executable() == null || WindowsPaths.systemPath(p.executable());
        if (CRITICAL.contains(lower) && inSystem) {
            return Optional.of(name + " is a critical Windows process: never suspended or killed (the host "
                    + "stops or reboots)");
        }
        if (isSvchost(p) && inSystem) {
            return Optional.of("svchost.exe pid " + p.pid() + " hosts other services: never suspended or killed "
                    + "blindly; disable the offending service instead");
        }
        return Optional.empty();
    }

    /** Why a file must not be removed, if it must not. */
    static Optional<String> fileRefusal(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (CORE_FILES.contains(WindowsPaths.fileName(lower)) && WindowsPaths.systemPath(path)) {
            return Optional.of(path + " is a core Windows file: never removed (sfc /scannow repairs it)");
        }
        if (lower.startsWith("c:\\windows\\winsxs\\")) {
            return Optional.of(path + " is in the component store: never removed");
        }
        return Optional.empty();
    }

    static boolean isSvchost(ProcessRef p) {
        String name = p.name() != null ? p.name() : p.executable() != null ? WindowsPaths.fileName(p.executable()) : "";
        return name.equalsIgnoreCase("svchost.exe") || name.equalsIgnoreCase("svchost");
    }
}

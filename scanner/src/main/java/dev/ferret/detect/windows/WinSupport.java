package dev.ferret.detect.windows;

import dev.ferret.collect.windows.WindowsPaths;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.windows.FileFacts;
import dev.ferret.model.windows.FileVersion;
import dev.ferret.model.windows.ServiceInfo;
import dev.ferret.model.windows.SignatureState;
import dev.ferret.model.windows.WindowsFacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What the Windows detectors share: OS-signer checks, the signature-health guard, svchost hosting, responses. */
final class WinSupport {
    private WinSupport() {
    }

    static boolean osSigned(FileFacts f, WindowsDetectionData data) {
        return f != null && f.signature().signedBy(data.osSigners());
    }

    static boolean microsoftVersion(FileFacts f) {
        FileVersion v = f == null ? null : f.version();
        return v != null && v.company() != null && v.company().toLowerCase(Locale.ROOT).contains("microsoft");
    }

    /**
     * When catalog verification does not work on the host (CryptSvc stopped, catalog database damaged), every OS
     * file reads as unsigned. Returns the factor to scale "unsigned in System32" reasons by: 1 normally, the
     * configured factor when most System32 files checked came back unsigned.
     */
    static double signatureTrust(WindowsFacts facts, WindowsDetectionData data) {
        int checked = 0;
        int unsigned = 0;
        for (FileFacts f : facts.files()) {
            if (!f.readable() || !WindowsPaths.underSystemDirectory(f.path(), facts.systemRoot())) {
                continue;
            }
            checked++;
            if (f.signature().state() == SignatureState.UNSIGNED) {
                unsigned++;
            }
        }
        if (checked >= data.weight("signatures.broken.min.files")
                && unsigned > checked * data.number("signatures.broken.share")) {
            return data.number("signatures.broken.factor");
        }
        return 1.0;
    }

    static int scaled(int weight, double factor) {
        return (int) Math.round(weight * factor);
    }

    static FileRef file(FileFacts f, String path) {
        return FileRef.of(f != null ? f.path() : path);
    }

    /** Services the SCM places in this process, or (when the SCM was not asked) the members of its -k group. */
    static List<String> hostedServices(ProcessInfo p, WindowsFacts facts) {
        List<String> out = new ArrayList<>();
        for (ServiceInfo s : facts.services()) {
            if (s.pid() == p.pid() && p.pid() > 0) {
                out.add(s.name());
            }
        }
        if (out.isEmpty()) {
            svchostGroup(p).flatMap(facts::svchostGroup).ifPresent(out::addAll);
        }
        return out;
    }

    /** The -k group of a svchost command line. */
    static Optional<String> svchostGroup(ProcessInfo p) {
        return argument(p, "-k");
    }

    static Optional<String> argument(ProcessInfo p, String flag) {
        List<String> a = p.arguments();
        for (int i = 1; i + 1 < a.size(); i++) {
            if (a.get(i).equalsIgnoreCase(flag) || a.get(i).equalsIgnoreCase("/" + flag.substring(1))) {
                return Optional.of(a.get(i + 1));
            }
        }
        return Optional.empty();
    }

    static boolean isSystemProcess(ProcessInfo p) {
        String n = p.name() == null ? "" : p.name().toLowerCase(Locale.ROOT);
        return n.equals("svchost.exe") || n.equals("lsass.exe") || n.equals("services.exe") || n.equals("winlogon.exe")
                || n.equals("wininit.exe") || n.equals("csrss.exe") || n.equals("spoolsv.exe") || n.equals("explorer.exe");
    }

    static String who(ProcessInfo p) {
        return p.name() + " (pid " + p.pid() + ")";
    }

    // ---- response steps -------------------------------------------------------------------------------------

    static void disableService(Finding.Builder f, ServiceInfo s) {
        f.respond("export the service's registration as evidence: reg export \"" + s.key() + "\" \"" + s.name()
                + ".reg\"");
        f.respond("disable the service that loads it, so it does not come back: sc.exe config \"" + s.name()
                + "\" start= disabled, then sc.exe stop \"" + s.name() + "\"");
    }

    static void sharedSvchost(Finding.Builder f, ProcessInfo p, List<String> hosted) {
        if (hosted.size() > 1) {
            f.respond("do not kill " + who(p) + " blindly: it also hosts " + String.join(", ", hosted.subList(0,
                    Math.min(8, hosted.size()))) + (hosted.size() > 8 ? " and " + (hosted.size() - 8) + " more" : "")
                    + "; stop the offending service instead, or suspend the process while the host is isolated");
        } else {
            f.respond("suspend " + who(p) + " (for example with Sysinternals pssuspend) rather than kill it while "
                    + "evidence is collected");
        }
    }

    static void deleteAtReboot(Finding.Builder f, String path) {
        f.respond("preserve a copy of " + path + " with its hashes, then delete it at the next reboot (a loaded DLL "
                + "is locked): Sysinternals movefile.exe \"" + path + "\" \"\" (MoveFileEx with "
                + "MOVEFILE_DELAY_UNTIL_REBOOT)");
    }

    static void blockSmb(Finding.Builder f) {
        f.respond("isolate the host, then block inbound and outbound TCP 135, 139, 445 and UDP 137, 138 at the host "
                + "firewall (netsh advfirewall firewall add rule name=\"ferret block SMB\" dir=in action=block "
                + "protocol=TCP localport=135,139,445) and between subnets at the perimeter or hypervisor firewall");
    }
}

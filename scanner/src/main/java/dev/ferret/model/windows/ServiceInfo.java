package dev.ferret.model.windows;

import java.time.Instant;

/**
 * A service from the registry (HKLM\SYSTEM\CurrentControlSet\Services), joined to its state in the service control
 * manager.
 *
 * @param type         SERVICE_KERNEL_DRIVER 1, FILE_SYSTEM_DRIVER 2, WIN32_OWN_PROCESS 0x10, WIN32_SHARE_PROCESS 0x20
 * @param start        0 boot, 1 system, 2 automatic, 3 manual, 4 disabled
 * @param imagePath    as in the registry (unexpanded)
 * @param binary       the executable or driver file it runs, expanded and normalised
 * @param serviceDll   Parameters\ServiceDll expanded and normalised, for services hosted by svchost
 * @param svchostGroup the -k group of a svchost-hosted service
 * @param pid          hosting process now, 0 when stopped or unknown
 * @param state        SCM state name (RUNNING, STOPPED...), null when unknown
 */
public record ServiceInfo(String name, String displayName, int type, int start, String imagePath, String binary,
                          String serviceDll, String account, String svchostGroup, Instant lastWrite, int pid,
                          String state, FileFacts binaryFile, FileFacts dllFile) {
    public boolean driver() {
        return (type & 0x0F) != 0 && (type & 0xF0) == 0;
    }

    public String key() {
        return "HKLM\\SYSTEM\\CurrentControlSet\\Services\\" + name;
    }

    public String startName() {
        return switch (start) {
            case 0 -> "boot";
            case 1 -> "system";
            case 2 -> "automatic";
            case 3 -> "manual";
            case 4 -> "disabled";
            default -> "start " + start;
        };
    }
}

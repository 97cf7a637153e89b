package dev.ferret.os.windows;

/**
 * A service as the service control manager reports it now.
 *
 * @param state SERVICE_STOPPED 1 ... SERVICE_RUNNING 4
 * @param pid   hosting process, 0 when stopped
 */
public record ServiceStatus(String name, String displayName, int type, int state, int pid) {
}

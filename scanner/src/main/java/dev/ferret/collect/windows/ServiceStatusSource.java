package dev.ferret.collect.windows;

import dev.ferret.os.windows.ServiceStatus;
import dev.ferret.os.windows.WindowsException;

import java.util.List;

/** Service states and hosting pids from the service control manager. */
public interface ServiceStatusSource {
    List<ServiceStatus> statuses() throws WindowsException;
}

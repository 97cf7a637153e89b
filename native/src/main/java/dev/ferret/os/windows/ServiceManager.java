package dev.ferret.os.windows;

import com.sun.jna.platform.win32.W32ServiceManager;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.Winsvc;

import java.util.ArrayList;
import java.util.List;

/** Service states and hosting pids from the service control manager (enumerate rights only). */
public final class ServiceManager {
    static final int SERVICE_TYPE_ALL = 0x3FF;
    static final int SERVICE_WIN32_AND_DRIVERS = 0x3B;

    private ServiceManager() {
    }

    public static List<ServiceStatus> statuses() throws WindowsException {
        Windows.require();
        try (W32ServiceManager manager = new W32ServiceManager(Winsvc.SC_MANAGER_ENUMERATE_SERVICE)) {
            manager.open(Winsvc.SC_MANAGER_ENUMERATE_SERVICE);
            Winsvc.ENUM_SERVICE_STATUS_PROCESS[] all;
            try {
                all = manager.enumServicesStatusExProcess(SERVICE_TYPE_ALL, Winsvc.SERVICE_STATE_ALL, null);
            } catch (Win32Exception e) {
                // SERVICE_TYPE_ALL includes per-user service types that Windows before 10 rejects
                all = manager.enumServicesStatusExProcess(SERVICE_WIN32_AND_DRIVERS, Winsvc.SERVICE_STATE_ALL, null);
            }
            List<ServiceStatus> out = new ArrayList<>(all.length);
            for (Winsvc.ENUM_SERVICE_STATUS_PROCESS s : all) {
                out.add(new ServiceStatus(s.lpServiceName, s.lpDisplayName, s.ServiceStatusProcess.dwServiceType,
                        s.ServiceStatusProcess.dwCurrentState, s.ServiceStatusProcess.dwProcessId));
            }
            return out;
        } catch (Win32Exception e) {
            throw new WindowsException("EnumServicesStatusEx", e.getErrorCode());
        }
    }
}

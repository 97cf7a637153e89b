/* Plants through the Win32 API for the live Wine test. One action per run; prints what it did.
 *   plant.exe service NAME BINPATH own|shared [SERVICEDLL]  create a demand-start service (and its ServiceDll)
 *   plant.exe svchost-group GROUP SERVICE                      add SERVICE to svchost group GROUP
 *   plant.exe start NAME                                       start a service, wait for RUNNING, print its pid
 *   plant.exe inject PID DLL                                   CreateRemoteThread(LoadLibraryW(DLL)) in PID
 *   plant.exe run-key NAME COMMAND                             HKCU\...\Run value
 *   plant.exe shortcut TARGET LNK                              a shell link (IShellLinkW) to TARGET */
#define COBJMACROS
#include <windows.h>
#include <shlobj.h>
#include <stdio.h>
#include <wchar.h>

static int fail(const char *what) {
    fprintf(stderr, "plant: %s failed: %lu\n", what, GetLastError());
    return 1;
}

static int service(wchar_t *name, wchar_t *binpath, int shared, wchar_t *dll) {
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_ALL_ACCESS);
    if (!scm) return fail("OpenSCManager");
    SC_HANDLE svc = CreateServiceW(scm, name, name, SERVICE_ALL_ACCESS,
        shared ? SERVICE_WIN32_SHARE_PROCESS : SERVICE_WIN32_OWN_PROCESS, SERVICE_DEMAND_START, SERVICE_ERROR_NORMAL,
        binpath, NULL, NULL, NULL, NULL, NULL);
    if (!svc) return fail("CreateService");
    CloseServiceHandle(svc);
    CloseServiceHandle(scm);
    if (dll) {
        wchar_t key[512];
        HKEY h;
        swprintf(key, 512, L"SYSTEM\\CurrentControlSet\\Services\\%ls\\Parameters", name);
        if (RegCreateKeyExW(HKEY_LOCAL_MACHINE, key, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &h, NULL)) return fail("RegCreateKey");
        if (RegSetValueExW(h, L"ServiceDll", 0, REG_EXPAND_SZ, (BYTE *) dll, (wcslen(dll) + 1) * sizeof(wchar_t)))
            return fail("RegSetValue ServiceDll");
        RegCloseKey(h);
    }
    printf("service %ls created\n", name);
    return 0;
}

static int svchost_group(wchar_t *group, wchar_t *svc) {
    HKEY h;
    if (RegCreateKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Svchost", 0, NULL, 0,
            KEY_ALL_ACCESS, NULL, &h, NULL)) return fail("RegCreateKey Svchost");
    wchar_t data[4096] = {0};
    DWORD size = sizeof data - 2 * sizeof(wchar_t), type = 0;
    DWORD used = 0; /* chars before the final terminator */
    if (RegQueryValueExW(h, group, NULL, &type, (BYTE *) data, &size) == 0 && type == REG_MULTI_SZ && size > 2) {
        used = size / sizeof(wchar_t);
        while (used > 0 && data[used - 1] == 0) used--;
        used++; /* keep one terminator after the last string */
    }
    wcscpy(data + used, svc);
    used += wcslen(svc) + 1;
    data[used++] = 0;
    if (RegSetValueExW(h, group, 0, REG_MULTI_SZ, (BYTE *) data, used * sizeof(wchar_t))) return fail("RegSetValue group");
    RegCloseKey(h);
    printf("svchost group %ls has %ls\n", group, svc);
    return 0;
}

static int start(wchar_t *name) {
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_ALL_ACCESS);
    if (!scm) return fail("OpenSCManager");
    SC_HANDLE svc = OpenServiceW(scm, name, SERVICE_ALL_ACCESS);
    if (!svc) return fail("OpenService");
    /* asked again after a timeout (1053), the service may be up by now: that is a start, not a failure */
    if (!StartServiceW(svc, 0, NULL) && GetLastError() != ERROR_SERVICE_ALREADY_RUNNING) return fail("StartService");
    SERVICE_STATUS_PROCESS st;
    DWORD needed;
    for (int i = 0; i < 200; i++) {
        if (!QueryServiceStatusEx(svc, SC_STATUS_PROCESS_INFO, (BYTE *) &st, sizeof st, &needed)) return fail("QueryServiceStatusEx");
        if (st.dwCurrentState == SERVICE_RUNNING) {
            printf("running %lu\n", st.dwProcessId);
            return 0;
        }
        Sleep(100);
    }
    fprintf(stderr, "plant: %ls did not reach RUNNING (state %lu)\n", name, st.dwCurrentState);
    return 1;
}

static int inject(DWORD pid, wchar_t *dll) {
    HANDLE p = OpenProcess(PROCESS_ALL_ACCESS, FALSE, pid);
    if (!p) return fail("OpenProcess");
    SIZE_T bytes = (wcslen(dll) + 1) * sizeof(wchar_t);
    void *remote = VirtualAllocEx(p, NULL, bytes, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    if (!remote) return fail("VirtualAllocEx");
    if (!WriteProcessMemory(p, remote, dll, bytes, NULL)) return fail("WriteProcessMemory");
    LPTHREAD_START_ROUTINE load = (LPTHREAD_START_ROUTINE) GetProcAddress(GetModuleHandleW(L"kernel32.dll"), "LoadLibraryW");
    HANDLE t = CreateRemoteThread(p, NULL, 0, load, remote, 0, NULL);
    if (!t) return fail("CreateRemoteThread");
    WaitForSingleObject(t, 10000);
    DWORD code = 0;
    GetExitCodeThread(t, &code);
    if (code == 0) {
        fprintf(stderr, "plant: LoadLibraryW in %lu returned NULL\n", pid);
        return 1;
    }
    printf("injected %ls into %lu\n", dll, pid);
    return 0;
}

static int run_key(wchar_t *name, wchar_t *command) {
    HKEY h;
    if (RegCreateKeyExW(HKEY_CURRENT_USER, L"Software\\Microsoft\\Windows\\CurrentVersion\\Run", 0, NULL, 0,
            KEY_ALL_ACCESS, NULL, &h, NULL)) return fail("RegCreateKey Run");
    if (RegSetValueExW(h, name, 0, REG_SZ, (BYTE *) command, (wcslen(command) + 1) * sizeof(wchar_t))) return fail("RegSetValue Run");
    RegCloseKey(h);
    printf("run key %ls\n", name);
    return 0;
}

static int shortcut(wchar_t *target, wchar_t *lnk) {
    IShellLinkW *link;
    IPersistFile *file;
    CoInitialize(NULL);
    if (FAILED(CoCreateInstance(&CLSID_ShellLink, NULL, CLSCTX_INPROC_SERVER, &IID_IShellLinkW, (void **) &link)))
        return fail("CoCreateInstance ShellLink");
    IShellLinkW_SetPath(link, target);
    if (FAILED(IShellLinkW_QueryInterface(link, &IID_IPersistFile, (void **) &file))) return fail("IPersistFile");
    if (FAILED(IPersistFile_Save(file, lnk, TRUE))) return fail("IPersistFile::Save");
    IPersistFile_Release(file);
    IShellLinkW_Release(link);
    printf("shortcut %ls\n", lnk);
    return 0;
}

int wmain(int argc, wchar_t **argv) {
    if (argc >= 5 && !wcscmp(argv[1], L"service")) return service(argv[2], argv[3], !wcscmp(argv[4], L"shared"), argc > 5 ? argv[5] : NULL);
    if (argc == 4 && !wcscmp(argv[1], L"svchost-group")) return svchost_group(argv[2], argv[3]);
    if (argc == 3 && !wcscmp(argv[1], L"start")) return start(argv[2]);
    if (argc == 4 && !wcscmp(argv[1], L"inject")) return inject(wcstoul(argv[2], NULL, 10), argv[3]);
    if (argc == 4 && !wcscmp(argv[1], L"run-key")) return run_key(argv[2], argv[3]);
    if (argc == 4 && !wcscmp(argv[1], L"shortcut")) return shortcut(argv[2], argv[3]);
    fprintf(stderr, "plant: bad arguments\n");
    return 2;
}

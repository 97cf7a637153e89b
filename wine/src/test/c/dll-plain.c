/* A DLL that does nothing when loaded: planted as the injected svchost module and as the module a process loads
 * from a user-writable folder. */
#include <windows.h>

__declspec(dllexport) int ferret_planted(void) {
    return 42;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void *reserved) {
    return TRUE;
}

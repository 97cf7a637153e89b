/* The live test's "miner": holds a private RWX region with a PE header and a payload marker (no image behind it),
 * loads a DLL from the path it is given, and keeps a TCP connection to 127.0.0.1:PORT open. Prints "ready PID" when
 * all three are in place, then waits until its stdin closes. Usage: payload.exe PORT DLL_PATH */
#include <winsock2.h>
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: payload.exe PORT DLL_PATH\n");
        return 2;
    }
    unsigned char *region = VirtualAlloc(NULL, 0x10000, MEM_COMMIT | MEM_RESERVE, PAGE_EXECUTE_READWRITE);
    if (region == NULL) {
        fprintf(stderr, "VirtualAlloc failed: %lu\n", GetLastError());
        return 1;
    }
    region[0] = 'M';
    region[1] = 'Z';
    *(DWORD *) (region + 0x3c) = 0x80;
    memcpy(region + 0x80, "PE\0\0", 4);
    const char *marker = "FERRET-WINE-PAYLOAD-MARKER";
    memcpy(region + 0x200, marker, strlen(marker));
    region[0x1000] = 0xC3; /* ret: executable code */

    if (LoadLibraryA(argv[2]) == NULL) {
        fprintf(stderr, "LoadLibrary %s failed: %lu\n", argv[2], GetLastError());
        return 1;
    }
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in pool;
    memset(&pool, 0, sizeof pool);
    pool.sin_family = AF_INET;
    pool.sin_port = htons((unsigned short) atoi(argv[1]));
    pool.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(s, (struct sockaddr *) &pool, sizeof pool) != 0) {
        fprintf(stderr, "connect failed: %d\n", WSAGetLastError());
        return 1;
    }
    printf("ready %lu %p\n", GetCurrentProcessId(), (void *) region);
    fflush(stdout);
    char line[64];
    while (fgets(line, sizeof line, stdin) != NULL) {
    }
    closesocket(s);
    return 0;
}

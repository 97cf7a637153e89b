/*
 * Test fixture for YaraProcessScanTest: holds a marker string in heap memory only.
 *
 * The marker is stored XOR-encoded (key 0x5A), so its plain text never appears in this
 * program's binary; it exists only once the program has decoded it into malloc'd memory.
 * The test scans the running process (must match) and the executable file (must not).
 * Prints "<pid> ready" once the marker is in memory, then sleeps until killed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const unsigned char encoded[] = { 0x1c, 0x1f, 0x08, 0x08, 0x1f, 0x0e, 0x77, 0x16, 0x13, 0x0c, 0x1f, 0x77, 0x17, 0x1b, 0x08, 0x11, 0x1f, 0x08, 0x77, 0x6d, 0x3c, 0x69, 0x3b, 0x63, 0x39, 0x68, 0x3f };

int main(void)
{
    size_t n = sizeof encoded;
    volatile char *marker = malloc(n + 1);
    if (marker == NULL) {
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        marker[i] = (char) (encoded[i] ^ 0x5A);
    }
    marker[n] = 0;
    printf("%d ready\n", (int) getpid());
    fflush(stdout);
    for (;;) {
        sleep(60);
    }
}

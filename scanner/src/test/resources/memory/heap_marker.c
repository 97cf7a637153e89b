/*
 * Test fixture for MemoryScanTest: holds a marker string only in heap memory (XOR-encoded in the binary,
 * decoded at run time), plus a large allocation it never touches, which a careful scanner must not fault
 * in. Prints "<pid> ready" once the marker is in memory, then sleeps until killed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const unsigned char encoded[] = "\x1c\x1f\x08\x08\x1f\x0e\x77\x12\x1f\x1b\x0a\x77\x17\x1b\x08\x11\x1f\x08";

int main(void)
{
    size_t n = sizeof encoded - 1;
    volatile char *marker = malloc(n + 1);
    volatile char *untouched = malloc((size_t) 512 << 20);
    if (marker == NULL || untouched == NULL) {
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

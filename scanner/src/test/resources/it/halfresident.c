/* A target for the memory-safety test: 64 MiB mapped, only the first half ever touched (resident), then it
 * waits. A scanner that faulted in the untouched half would show as RSS growth. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
    size_t size = 64u << 20;
    char *block = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (block == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    memset(block, 0x5a, size / 2);
    printf("ready\n");
    fflush(stdout);
    for (;;) {
        pause();
    }
}

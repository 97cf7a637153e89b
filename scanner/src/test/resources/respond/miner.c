/* A stand-in for a miner: does nothing, forever, under whatever name and arguments it is started with. */
#include <unistd.h>

int main(void) {
    for (;;) {
        pause();
    }
    return 0;
}

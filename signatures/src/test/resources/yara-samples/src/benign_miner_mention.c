/* ferret YARA negative sample: an ordinary program (think: a monitoring agent) whose help text
 * mentions xmrig and stratum+tcp:// once. The miner rules must not match it. */
#include <stdio.h>

int main(void) {
    puts("watchdog: alerts when a process such as xmrig uses the CPU or connects to stratum+tcp:// pools");
    puts("see https://example.org/docs for RandomX notes");
    return 0;
}

/* ferret YARA test sample: NOT a miner. Embeds Stratum protocol method names and algorithm
 * names as a cpuminer-style program would. */
#include <stdio.h>

__attribute__((used)) static const char *const strings[] = {
    "mining.subscribe", "mining.authorize", "mining.submit", "mining.notify",
    "mining.set_difficulty", "stratum+tcp://", "sha256d", "scrypt", "Hashrate: %.2f kH/s",
};

int main(int argc, char **argv) {
    (void) argv;
    if (argc > 99) {
        for (unsigned i = 0; i < sizeof strings / sizeof *strings; i++) puts(strings[i]);
    }
    puts("ferret YARA test sample (harmless; mines nothing)");
    return 0;
}

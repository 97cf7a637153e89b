/* ferret YARA test sample: NOT a miner. It only embeds strings an XMRig-style miner carries
 * (option names, pool URL scheme, algorithm names) and prints a notice. Built by build-samples.sh. */
#include <stdio.h>

__attribute__((used)) static const char *const strings[] = {
    "XMRig/0.0.0-ferret-sample", "https://xmrig.com/", "XMRIG_SAMPLE",
    "donate-level", "--donate-level=N", "randomx-1gb-pages", "cpu-max-threads-hint",
    "donate-over-proxy", "randomx-mode", "nicehash", "max-threads-hint",
    "stratum+tcp://", "stratum+ssl://", "cryptonight", "RandomX", "rx/wow",
};

int main(int argc, char **argv) {
    (void) argv;
    if (argc > 99) {
        for (unsigned i = 0; i < sizeof strings / sizeof *strings; i++) puts(strings[i]);
    }
    puts("ferret YARA test sample (harmless; mines nothing)");
    return 0;
}

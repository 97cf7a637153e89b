/* ferret YARA test sample: NOT a miner. Embeds the config key names of an xmr-stak style miner. */
#include <stdio.h>

__attribute__((used)) static const char *const strings[] = {
    "xmr-stak-ferret-sample", "pool_address", "wallet_address", "use_nicehash",
    "pool_password", "use_tls", "rig_id", "cryptonight_v8",
};

int main(int argc, char **argv) {
    (void) argv;
    if (argc > 99) {
        for (unsigned i = 0; i < sizeof strings / sizeof *strings; i++) puts(strings[i]);
    }
    puts("ferret YARA test sample (harmless; mines nothing)");
    return 0;
}

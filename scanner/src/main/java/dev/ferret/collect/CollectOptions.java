package dev.ferret.collect;

import java.time.Duration;

/**
 * Tunables for collection.
 *
 * @param cpuWindow how long CPU use is sampled (a miner shows as sustained CPU over the window)
 * @param mappings  whether to read every process's memory map
 */
public record CollectOptions(Duration cpuWindow, boolean mappings) {
    public static CollectOptions defaults() {
        return new CollectOptions(Duration.ofSeconds(1), true);
    }
}

package dev.ferret.collect.windows;

import dev.ferret.collect.Collector;

/**
 * What every Windows collector shares: it reads the running system through {@link WindowsSources} (live JNA
 * calls, or a recording in tests) and so never runs on a --root image.
 */
abstract class WindowsCollector implements Collector {
    private final String area;
    protected final WindowsSources sources;

    WindowsCollector(String area, WindowsSources sources) {
        this.area = area;
        this.sources = sources;
    }

    @Override
    public final String area() {
        return area;
    }

    @Override
    public final boolean liveOnly() {
        return true;
    }
}

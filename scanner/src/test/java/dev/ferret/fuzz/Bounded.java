package dev.ferret.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The time invariant of every fuzz target: one input is parsed in well under a second, whatever its bytes. */
public final class Bounded {
    /** Generous for a loaded CI machine; a parser that backtracks or loops on hostile bytes blows far past it. */
    public static final long MAX_MILLIS = 2_000;

    /** Targets whose first input has run: that one also pays for class loading and Jazzer's instrumentation. */
    private static final java.util.Set<String> WARM = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Bounded() {
    }

    public interface Parse {
        void run() throws Exception;
    }

    /** Runs {@code parse}; fails when it took longer than {@link #MAX_MILLIS} (not timed the first time per target). Exceptions propagate to the caller. */
    public static void run(String what, Parse parse) throws Exception {
        long start = System.nanoTime();
        parse.run();
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (!WARM.add(what)) {
            assertTrue(millis <= MAX_MILLIS, what + " took " + millis + " ms on one input");
        }
    }
}

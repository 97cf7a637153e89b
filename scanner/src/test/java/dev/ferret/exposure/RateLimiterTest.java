package dev.ferret.exposure;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimiterTest {
    /** A clock that only moves when someone sleeps. */
    static final class FakeClock implements RateLimiter.Clock {
        long now = 1_000_000_000L;

        @Override
        public synchronized long nanoTime() {
            return now;
        }

        @Override
        public synchronized void sleepNanos(long nanos) {
            now += nanos;
        }
    }

    @Test
    void slotsAreEvenlySpacedWithoutBurst() throws Exception {
        FakeClock clock = new FakeClock();
        RateLimiter r = new RateLimiter(50, clock);
        List<Long> times = new ArrayList<>();
        long start = clock.now;
        for (int i = 0; i < 1000; i++) {
            r.acquire();
            times.add(clock.now);
        }
        for (int i = 1; i < times.size(); i++) {
            assertEquals(20_000_000L, times.get(i) - times.get(i - 1), "gap " + i);
        }
        // 1000 connections at 50/s: the first at once, the last 999/50 s later
        assertEquals(999 * 20_000_000L, clock.now - start);
        // every one-second window holds at most rate + 1 starts
        for (int i = 0; i < times.size(); i++) {
            long end = times.get(i) + 1_000_000_000L;
            long inWindow = times.stream().filter(t -> t >= times.get(0) && t < end).count()
                    - times.subList(0, i).size();
            assertTrue(inWindow <= 51, "window at " + i + " had " + inWindow);
        }
        assertEquals(1000, r.granted());
    }

    @Test
    void idleTimeIsNotSavedUpAsABurst() throws Exception {
        FakeClock clock = new FakeClock();
        RateLimiter r = new RateLimiter(10, clock);
        r.acquire();
        clock.now += 60_000_000_000L; // a minute idle
        long t0 = clock.now;
        r.acquire();
        assertEquals(t0, clock.now);
        r.acquire();
        assertEquals(t0 + 100_000_000L, clock.now);
    }

    @Test
    void invalidRates() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(0, new FakeClock()));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(Double.NaN, new FakeClock()));
    }
}

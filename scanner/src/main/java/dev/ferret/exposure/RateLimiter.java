package dev.ferret.exposure;

/**
 * A global limit on new connections per second, shared by all workers: each caller gets the next free slot, slots
 * are 1/rate seconds apart and never bunch up (no burst allowance), so in any window of t seconds at most
 * {@code rate * t + 1} connections start.
 */
public final class RateLimiter {
    /** Time source and sleeper; tests use a fake one. */
    public interface Clock {
        long nanoTime();

        void sleepNanos(long nanos) throws InterruptedException;
    }

    public static final Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            if (nanos > 0) {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            }
        }
    };

    private final Clock clock;
    private final long intervalNanos;
    private long next;
    private boolean started;
    private long granted;

    public RateLimiter(double perSecond, Clock clock) {
        if (!(perSecond > 0) || perSecond > 1_000_000) {
            throw new IllegalArgumentException("rate must be between 0 and 1000000 per second");
        }
        this.clock = clock;
        this.intervalNanos = Math.max(1, (long) (1e9 / perSecond));
    }

    /** Waits for this caller's slot. */
    public void acquire() throws InterruptedException {
        long slot;
        synchronized (this) {
            long now = clock.nanoTime();
            if (!started || next - now < 0) {
                next = now;
                started = true;
            }
            slot = next;
            next += intervalNanos;
            granted++;
        }
        long wait = slot - clock.nanoTime();
        if (wait > 0) {
            clock.sleepNanos(wait);
        }
    }

    public synchronized long granted() {
        return granted;
    }
}

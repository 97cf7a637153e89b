package dev.ferret.yara;

/**
 * Reference count for a native object that others depend on: compiled rules must outlive the
 * scanners created from them, and libyara must stay initialised while any rules exist. The
 * owner's {@code close()} drops the owner's reference; the native release runs when the last
 * dependant lets go, so closing in the "wrong" order is safe instead of a use-after-free.
 */
final class Lifetime {

    private final String what;
    private final Runnable release;
    private int references = 1;
    private boolean closed;

    Lifetime(String what, Runnable release) {
        this.what = what;
        this.release = release;
    }

    /** Registers a dependant; fails if the owner is already closed. */
    synchronized void acquire() {
        checkOpen();
        references++;
    }

    synchronized void releaseOne() {
        if (references <= 0) {
            return;
        }
        if (--references == 0) {
            release.run();
        }
    }

    /** Drops the owner's reference; idempotent. */
    synchronized void close() {
        if (!closed) {
            closed = true;
            releaseOne();
        }
    }

    synchronized void checkOpen() {
        if (closed) {
            throw new IllegalStateException(what + " is closed");
        }
    }
}

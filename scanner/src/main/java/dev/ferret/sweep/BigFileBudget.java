package dev.ferret.sweep;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Keeps the files held whole in memory beyond the copy limit within a byte budget. Each is read into a block of
 * its own while it is hashed and scanned; without a budget every worker that met one held one (sixteen workers,
 * sixteen files of up to the size limit). A file larger than the budget is read alone.
 *
 * <p>A worker that finds the budget spent does not wait: it leaves the file here and goes on with small files;
 * whoever gives bytes back runs what was left, in order, while it fits, and so does every worker between two
 * small files ({@link #runWaiting()}), so that big files left here spread over the workers as bytes come free.
 * Whenever something is left here a holder exists (an empty budget fits any file), so nothing is stranded.
 */
final class BigFileBudget {
    private final long budget;
    private final Queue<Pending> left = new ArrayDeque<>();
    private long used;

    private record Pending(long charge, Runnable work) { }

    /** @param budget bytes that big files may hold at once; zero or less: no limit */
    BigFileBudget(long budget) {
        this.budget = budget;
    }

    /**
     * Runs {@code work} for a file of {@code bytes} now when the budget allows, or later on the thread of a
     * worker that frees bytes; then runs whatever was left and now fits.
     */
    void run(long bytes, Runnable work) {
        long charge = budget <= 0 ? 0 : Math.min(Math.max(bytes, 0), budget);
        synchronized (this) {
            if (!left.isEmpty() || used + charge > budget && charge > 0) {
                left.add(new Pending(charge, work));
                return;
            }
            used += charge;
        }
        try {
            runCharged(charge, work);
        } finally {
            runWaiting();
        }
    }

    /** Files left for later, not yet run. */
    synchronized int waiting() {
        return left.size();
    }

    /** Runs what was left while it fits; one failing does not strand the others (the first failure is thrown). */
    void runWaiting() {
        Throwable failure = null;
        for (Pending next; (next = take()) != null; ) {
            try {
                runCharged(next.charge(), next.work());
            } catch (RuntimeException | Error e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    /** The next file left here, charged, when it fits now. */
    private synchronized Pending take() {
        Pending next = left.peek();  // usually none: small files pay one uncontended lock
        if (next == null || used + next.charge() > budget && next.charge() > 0) {
            return null;
        }
        left.poll();
        used += next.charge();
        return next;
    }

    private void runCharged(long charge, Runnable work) {
        try {
            work.run();
        } finally {
            synchronized (this) {
                used -= charge;
            }
        }
    }
}

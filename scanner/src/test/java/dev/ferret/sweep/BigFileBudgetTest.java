package dev.ferret.sweep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BigFileBudgetTest {

    @Test
    @Timeout(30)
    void aWorkerFindingTheBudgetSpentLeavesTheFileToTheHolderAndGoesOn() throws Exception {
        BigFileBudget budget = new BigFileBudget(100);
        AtomicReference<String> ranOn = new AtomicReference<>();
        Holder holder = new Holder(budget, 80);

        budget.run(80, () -> ranOn.set(Thread.currentThread().getName())); // returns at once: nothing waits
        assertNull(ranOn.get(), "ran beside a file that leaves no room for it");
        assertEquals(1, budget.waiting());

        holder.release();
        assertEquals("holder", ranOn.get(), "the worker that freed the bytes runs what was left");
        assertEquals(0, budget.waiting());
    }

    @Test
    @Timeout(30)
    void aWorkerBetweenSmallFilesTakesALeftFileThatFitsBesideTheHoldersOwn() throws Exception {
        BigFileBudget budget = new BigFileBudget(100);
        CountDownLatch firstLeftInside = new CountDownLatch(1);
        CountDownLatch releaseFirstLeft = new CountDownLatch(1);
        Holder holder = new Holder(budget, 100);
        AtomicReference<String> secondRanOn = new AtomicReference<>();
        budget.run(50, () -> {
            firstLeftInside.countDown();
            await(releaseFirstLeft);
        });
        budget.run(50, () -> secondRanOn.set(Thread.currentThread().getName()));
        assertEquals(2, budget.waiting());

        budget.runWaiting(); // the budget is spent: nothing to take yet
        assertNull(secondRanOn.get());
        holder.letGo();
        firstLeftInside.await(); // the holder freed its bytes and runs the first file left
        budget.runWaiting();
        assertEquals(Thread.currentThread().getName(), secondRanOn.get(), "not left waiting behind the first");
        releaseFirstLeft.countDown();
        holder.release();
        assertEquals(0, budget.waiting());
    }

    @Test
    @Timeout(30)
    void filesThatFitTogetherRunTogether() throws Exception {
        BigFileBudget budget = new BigFileBudget(100);
        Holder holder = new Holder(budget, 40);
        AtomicInteger ran = new AtomicInteger();
        budget.run(60, ran::incrementAndGet);
        assertEquals(1, ran.get());
        holder.release();
    }

    @Test
    @Timeout(30)
    void aFileLargerThanTheBudgetIsReadAloneNotNever() throws Exception {
        BigFileBudget budget = new BigFileBudget(100);
        AtomicInteger ran = new AtomicInteger();
        budget.run(10_000, ran::incrementAndGet); // nothing else held: it runs
        assertEquals(1, ran.get());

        Holder holder = new Holder(budget, 1);
        budget.run(10_000, ran::incrementAndGet); // even one byte held leaves no room for it
        assertEquals(1, ran.get());
        holder.release();
        assertEquals(2, ran.get());
    }

    @Test
    @Timeout(30)
    void aFailingFileDoesNotStrandTheOthers() throws Exception {
        BigFileBudget budget = new BigFileBudget(100);
        Holder holder = new Holder(budget, 100);
        AtomicInteger ran = new AtomicInteger();
        budget.run(50, () -> {
            throw new IllegalStateException("unreadable");
        });
        budget.run(50, ran::incrementAndGet);
        holder.release();
        assertEquals(1, ran.get(), "the file after a failing one still ran");
        assertTrue(holder.thrown.get() instanceof IllegalStateException, String.valueOf(holder.thrown.get()));
        assertEquals(0, budget.waiting());
        // and the budget was given back: a file of the whole budget runs at once
        budget.run(100, ran::incrementAndGet);
        assertEquals(2, ran.get());
        assertThrows(IllegalStateException.class, () -> budget.run(1, () -> {
            throw new IllegalStateException("own failure");
        }));
    }

    /** Many workers, random sizes: every file runs once, and the bytes held at once never pass the budget. */
    @Test
    @Timeout(60)
    void heldBytesStayWithinTheBudgetAndEveryFileRunsOnce() throws Exception {
        long limit = 1_000;
        BigFileBudget budget = new BigFileBudget(limit);
        AtomicLong held = new AtomicLong();
        AtomicLong most = new AtomicLong();
        int files = 2_000;
        AtomicInteger[] runs = new AtomicInteger[files];
        Random random = new Random(17);
        List<Long> sizes = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            runs[i] = new AtomicInteger();
            sizes.add(random.nextInt(10) == 0 ? 5_000L : 50L + random.nextInt(600));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int i = 0; i < files; i++) {
            int file = i;
            long size = sizes.get(i);
            long charge = Math.min(size, limit);
            pool.execute(() -> budget.run(size, () -> {
                long now = held.addAndGet(charge);
                most.accumulateAndGet(now, Math::max);
                java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                runs[file].incrementAndGet();
                held.addAndGet(-charge);
            }));
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(50, TimeUnit.SECONDS));
        for (int i = 0; i < files; i++) {
            assertEquals(1, runs[i].get(), "file " + i);
        }
        assertTrue(most.get() <= limit, "held at once: " + most.get());
        assertTrue(most.get() > 600, "files that fit together were never run together: " + most.get());
        assertEquals(0, budget.waiting());
    }

    @Test
    void noBudgetMeansNoLimit() {
        BigFileBudget budget = new BigFileBudget(0);
        AtomicInteger ran = new AtomicInteger();
        budget.run(Long.MAX_VALUE, ran::incrementAndGet);
        assertEquals(1, ran.get());
        assertFalse(budget.waiting() > 0);
    }

    /** A worker (thread "holder") inside a file of {@code bytes} until let go; it then runs what was left. */
    private static final class Holder {
        private final CountDownLatch inside = new CountDownLatch(1);
        private final CountDownLatch letGo = new CountDownLatch(1);
        private final AtomicReference<Throwable> thrown = new AtomicReference<>();
        private final Thread thread;

        Holder(BigFileBudget budget, long bytes) throws InterruptedException {
            thread = new Thread(() -> {
                try {
                    budget.run(bytes, () -> {
                        inside.countDown();
                        await(letGo);
                    });
                } catch (RuntimeException e) {
                    thrown.set(e);
                }
            }, "holder");
            thread.start();
            inside.await();
        }

        /** Ends its own file; it goes on with what was left. */
        void letGo() {
            letGo.countDown();
        }

        /** Ends its own file and waits until it has run what it could of what was left. */
        void release() throws InterruptedException {
            letGo();
            thread.join();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

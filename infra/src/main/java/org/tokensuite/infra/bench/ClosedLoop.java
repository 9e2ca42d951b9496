package org.tokensuite.infra.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closed-loop load from threads of this JVM: each thread opens its session (a connection, say) before
 * the clock starts, then calls it back to back, each answer awaited, until the window ends. Besides the
 * latencies, each completion's time is kept, so that the throughput of each half of the window can be
 * compared ({@link Halves}).
 */
final class ClosedLoop {

    /** What one thread calls; {@link #call} returns false when the thread has nothing left to do. */
    interface Session extends AutoCloseable {
        boolean call(int iteration) throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    interface Sessions {
        Session open(int thread) throws Exception;
    }

    private ClosedLoop() {
    }

    /** Runs {@code threads} sessions for {@code length}; fails with the first failure of any thread. */
    static Window run(String phase, int threads, Duration length, Sessions sessions) throws InterruptedException {
        List<Samples> latencies = new ArrayList<>();
        List<Samples> completions = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> workers = new ArrayList<>();
        CountDownLatch opened = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        long[] clock = new long[2]; // start and end, set before go opens (the latch publishes them)
        AtomicInteger doneEarly = new AtomicInteger();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Samples mine = new Samples();
            Samples finished = new Samples();
            latencies.add(mine);
            completions.add(finished);
            workers.add(new Thread(() -> {
                try (Session session = open(sessions, thread, opened)) {
                    go.await();
                    long start = clock[0];
                    long end = clock[1];
                    for (int i = 0; ; i++) {
                        long before = System.nanoTime();
                        if (before >= end) {
                            break;
                        }
                        if (!session.call(i)) {
                            doneEarly.incrementAndGet();
                            break;
                        }
                        long after = System.nanoTime();
                        mine.add(after - before);
                        finished.add(after - start);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "bench-" + phase + "-" + t));
        }
        workers.forEach(Thread::start);
        opened.await();
        if (!failures.isEmpty()) {
            go.countDown();
            joinAll(workers);
            throw new IllegalStateException(phase + ": " + failures.get(0), failures.get(0));
        }
        clock[0] = System.nanoTime();
        clock[1] = clock[0] + length.toNanos();
        go.countDown();
        joinAll(workers);
        double seconds = (System.nanoTime() - clock[0]) / 1e9;
        if (!failures.isEmpty()) {
            throw new IllegalStateException(phase + " failed: " + failures.get(0).getMessage(), failures.get(0));
        }
        long[] merged = Samples.merge(latencies);
        return new Window(phase, threads, Duration.ZERO, length, merged.length, seconds, Latencies.of(merged),
                halves(Samples.merge(completions), length.toNanos()), doneEarly.get());
    }

    /** Completions per second in [0, length/2) and [length/2, length); the tail after the end is not counted. */
    static Halves halves(long[] completedAt, long lengthNanos) {
        long half = lengthNanos / 2;
        long first = 0;
        long second = 0;
        for (long at : completedAt) {
            if (at < half) {
                first++;
            } else if (at < lengthNanos) {
                second++;
            }
        }
        double halfSeconds = half / 1e9;
        return new Halves(first / halfSeconds, second / ((lengthNanos - half) / 1e9));
    }

    private static Session open(Sessions sessions, int thread, CountDownLatch opened) throws Exception {
        try {
            return sessions.open(thread);
        } finally {
            opened.countDown();
        }
    }

    private static void joinAll(List<Thread> workers) throws InterruptedException {
        for (Thread worker : workers) {
            worker.join();
        }
    }
}

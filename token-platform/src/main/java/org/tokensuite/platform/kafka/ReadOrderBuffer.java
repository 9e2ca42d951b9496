package org.tokensuite.platform.kafka;

import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.Buffer;

import java.util.Collection;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The buffer every consumer of the suite's topics must give Axon's {@code StreamableKafkaMessageSource}
 * ({@link KafkaSourceFactory} builds every source with it).
 *
 * <p>Why: the fetcher gives each record a tracking token that covers every offset read before it,
 * in the order records were read. The extension's default buffer re-sorts records by timestamp,
 * so a record read later but stamped earlier is handed out first with a token that already covers
 * the record read before it; the streaming processor then treats that record as handled and
 * skips it. Keeping the read order keeps tokens monotonic, so nothing is skipped. Per-partition
 * order (and so per-owner order, the key) is Kafka's own and is kept either way.
 *
 * <p>It also tells its reader when records arrive ({@link #onAvailable}): a pooled streaming processor whose
 * stream cannot say so polls its source every 500 ms, which was most of the views' lag behind a command
 * ({@link WakingKafkaMessageSource}).
 */
public final class ReadOrderBuffer<E> implements Buffer<E> {

    public static final int DEFAULT_CAPACITY = 1_000;
    private static final long WAKE_UP_MILLIS = 100;

    private final ArrayBlockingQueue<E> queue;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private volatile Runnable onAvailable = () -> { };

    public ReadOrderBuffer() {
        this(DEFAULT_CAPACITY);
    }

    public ReadOrderBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    @Override
    public void put(E element) throws InterruptedException {
        if (element == null) {
            throw new IllegalArgumentException("element must not be null");
        }
        queue.put(element);
        onAvailable.run();
    }

    @Override
    public void putAll(Collection<E> elements) throws InterruptedException {
        for (E element : elements) {
            if (element == null) {
                throw new IllegalArgumentException("element must not be null");
            }
            if (!queue.offer(element)) {
                // Full: wake the reader before waiting for room, or a reader that went idle before this batch
                // would sleep until its next scheduled look while the fetcher waits for it.
                onAvailable.run();
                queue.put(element);
            }
        }
        if (!elements.isEmpty()) {
            onAvailable.run();
        }
    }

    /**
     * Runs {@code callback} after every put (once per {@link #putAll} batch, and before waiting for room when
     * full) and when a failure is set, so the reader learns of both at once. The callback must be quick and
     * must not block; it replaces any earlier one.
     */
    public void onAvailable(Runnable callback) {
        this.onAvailable = callback == null ? () -> { } : callback;
    }

    @Override
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            E next = queue.poll();
            if (next != null) {
                return next;
            }
            throwIfFailed();
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            // Wake up now and then so a failure set by the fetcher surfaces promptly.
            next = queue.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(WAKE_UP_MILLIS)), TimeUnit.NANOSECONDS);
            if (next != null) {
                return next;
            }
        }
    }

    @Override
    public E take() throws InterruptedException {
        while (true) {
            E next = poll(WAKE_UP_MILLIS, TimeUnit.MILLISECONDS);
            if (next != null) {
                return next;
            }
        }
    }

    @Override
    public E peek() {
        E next = queue.peek();
        if (next == null) {
            throwIfFailed();
        }
        return next;
    }

    @Override
    public int size() {
        return queue.size();
    }

    @Override
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    @Override
    public int remainingCapacity() {
        return queue.remainingCapacity();
    }

    @Override
    public void clear() {
        queue.clear();
    }

    @Override
    public void setException(RuntimeException exception) {
        failure.set(exception);
        onAvailable.run();
    }

    private void throwIfFailed() {
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
    }
}

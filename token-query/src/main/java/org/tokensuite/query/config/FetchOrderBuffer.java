package org.tokensuite.query.config;

import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.Buffer;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded buffer between the Kafka fetcher and the token-view processor that hands records out
 * in the order they were fetched.
 * <p>
 * Why not the extension's default {@code SortedKafkaMessageBuffer}: the fetcher stamps each record
 * with a cumulative {@code KafkaTrackingToken} in fetch order (every token covers all earlier ones),
 * while that buffer re-sorts records by timestamp across partitions. When one poll returns records
 * of several partitions (any backlog: a start, a replay, a slow moment), a record fetched earlier
 * comes out after one fetched later, whose token already covers it, and the pooled processor's work
 * package drops it as "already seen" — silently (a TRACE line). Fetch order keeps tokens increasing,
 * so nothing is dropped; order within a partition (one owner's events) is Kafka's, which is all the
 * view relies on.
 */
final class FetchOrderBuffer<E> implements Buffer<E> {

    private final ArrayDeque<E> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final int capacity;

    FetchOrderBuffer(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public void put(E element) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            append(element);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void putAll(Collection<E> elements) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            for (E element : elements) {
                append(element);
            }
        } finally {
            lock.unlock();
        }
    }

    private void append(E element) throws InterruptedException {
        if (element == null) {
            throw new IllegalArgumentException("element may not be null");
        }
        while (queue.size() >= capacity) {
            notFull.await();
        }
        queue.addLast(element);
        notEmpty.signal();
    }

    @Override
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (queue.isEmpty()) {
                throwIfFailed();
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return removeFirst();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public E take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (queue.isEmpty()) {
                throwIfFailed();
                notEmpty.await();
            }
            return removeFirst();
        } finally {
            lock.unlock();
        }
    }

    private E removeFirst() {
        E first = queue.removeFirst();
        notFull.signal();
        return first;
    }

    @Override
    public E peek() {
        lock.lock();
        try {
            if (queue.isEmpty()) {
                throwIfFailed();
            }
            return queue.peekFirst();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public int remainingCapacity() {
        return capacity - size();
    }

    @Override
    public void clear() {
        lock.lock();
        try {
            queue.clear();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The fetcher failed: once the records fetched before the failure are consumed, readers get the error. */
    @Override
    public void setException(RuntimeException exception) {
        failure.set(exception);
        lock.lock();
        try {
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void throwIfFailed() {
        RuntimeException exception = failure.get();
        if (exception != null) {
            throw exception;
        }
    }
}

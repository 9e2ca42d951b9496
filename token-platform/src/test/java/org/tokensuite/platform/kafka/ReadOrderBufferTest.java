package org.tokensuite.platform.kafka;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadOrderBufferTest {

    @Test
    void recordsComeOutInTheOrderTheyWereRead() throws InterruptedException {
        ReadOrderBuffer<String> buffer = new ReadOrderBuffer<>(10);
        buffer.putAll(List.of("partition-1@offset-7 (stamped late)", "partition-0@offset-3 (stamped early)"));
        buffer.put("partition-1@offset-8");

        assertThat(buffer.peek()).isEqualTo("partition-1@offset-7 (stamped late)");
        assertThat(buffer.take()).isEqualTo("partition-1@offset-7 (stamped late)");
        assertThat(buffer.poll(1, TimeUnit.SECONDS)).isEqualTo("partition-0@offset-3 (stamped early)");
        assertThat(buffer.poll(1, TimeUnit.SECONDS)).isEqualTo("partition-1@offset-8");
        assertThat(buffer.isEmpty()).isTrue();
    }

    @Test
    void emptyPollAnswersNullAfterTheTimeout() throws InterruptedException {
        ReadOrderBuffer<String> buffer = new ReadOrderBuffer<>(2);
        assertThat(buffer.poll(10, TimeUnit.MILLISECONDS)).isNull();
        assertThat(buffer.remainingCapacity()).isEqualTo(2);
    }

    @Test
    void aFetcherFailureSurfacesOnceTheBufferIsDrained() throws InterruptedException {
        ReadOrderBuffer<String> buffer = new ReadOrderBuffer<>(2);
        buffer.put("last record");
        buffer.setException(new IllegalStateException("fetcher died"));

        assertThat(buffer.poll(10, TimeUnit.MILLISECONDS)).isEqualTo("last record");
        assertThatThrownBy(() -> buffer.poll(10, TimeUnit.MILLISECONDS)).hasMessage("fetcher died");
        assertThatThrownBy(buffer::peek).hasMessage("fetcher died");
    }

    @Test
    void theReaderIsWokenOncePerBatchPutAndWhenTheFetcherFails() throws InterruptedException {
        ReadOrderBuffer<String> buffer = new ReadOrderBuffer<>(10);
        AtomicInteger wakeUps = new AtomicInteger();
        buffer.onAvailable(wakeUps::incrementAndGet);

        buffer.putAll(List.of("a", "b", "c"));
        assertThat(wakeUps).hasValue(1);
        buffer.put("d");
        assertThat(wakeUps).hasValue(2);
        buffer.putAll(List.of());
        assertThat(wakeUps).hasValue(2);
        buffer.setException(new IllegalStateException("fetcher died"));
        assertThat(wakeUps).hasValue(3);
    }

    @Test
    void aFullBufferWakesTheReaderBeforeTheFetcherWaitsForRoom() throws InterruptedException {
        ReadOrderBuffer<String> buffer = new ReadOrderBuffer<>(2);
        Semaphore woken = new Semaphore(0);
        buffer.onAvailable(woken::release);
        List<String> read = new CopyOnWriteArrayList<>();
        // The reader looks only when woken, as an idle pooled processor does.
        Thread reader = new Thread(() -> {
            try {
                while (read.size() < 5 && woken.tryAcquire(5, TimeUnit.SECONDS)) {
                    String next;
                    while ((next = buffer.poll(0, TimeUnit.MILLISECONDS)) != null) {
                        read.add(next);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        reader.start();

        buffer.putAll(List.of("a", "b", "c", "d", "e"));
        reader.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(read).containsExactly("a", "b", "c", "d", "e");
    }
}

package org.tokensuite.platform.kafka;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

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
}

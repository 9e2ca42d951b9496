package org.tokensuite.query.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FetchOrderBufferTest {

    @Test
    void recordsComeOutInTheOrderTheyWereFetchedWhateverTheirTimestamps() throws Exception {
        FetchOrderBuffer<String> buffer = new FetchOrderBuffer<>(10);
        buffer.putAll(List.of("p0@t5", "p0@t7", "p1@t1", "p1@t6"));
        buffer.put("p2@t2");

        assertThat(buffer.peek()).isEqualTo("p0@t5");
        assertThat(List.of(buffer.take(), buffer.take(), buffer.poll(0, TimeUnit.SECONDS),
                buffer.poll(0, TimeUnit.SECONDS), buffer.take()))
                .containsExactly("p0@t5", "p0@t7", "p1@t1", "p1@t6", "p2@t2");
        assertThat(buffer.poll(1, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aFetcherFailureReachesTheReaderOnceTheRecordsBeforeItAreConsumed() throws Exception {
        FetchOrderBuffer<String> buffer = new FetchOrderBuffer<>(10);
        buffer.put("p0@t1");
        buffer.setException(new IllegalStateException("broker gone"));

        assertThat(buffer.take()).isEqualTo("p0@t1");
        assertThatThrownBy(() -> buffer.poll(0, TimeUnit.SECONDS)).hasMessage("broker gone");
    }
}

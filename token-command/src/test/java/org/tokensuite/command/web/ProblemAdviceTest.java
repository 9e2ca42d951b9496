package org.tokensuite.command.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.common.jdbc.JdbcException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tokensuite.platform.problem.servlet.ErrorDocuments;

import java.net.ConnectException;
import java.sql.SQLTransientConnectionException;
import java.time.DateTimeException;
import java.util.List;
import java.util.function.Supplier;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** How failures from deep inside Axon and the database reach the caller (no Spring context: MockMvc standalone). */
class ProblemAdviceTest {

    private static final String UNAVAILABLE = "https://tokensuite.org/problems/unavailable";

    @Test
    void axonsJdbcFailureWithTheDatabaseDownIsUnavailableNotA500() throws Exception {
        assertUnavailable(() -> new JdbcException("Failed to create a SQL statement",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out after 30000ms.")));
    }

    @Test
    void aStorageFailureWrappedByTheCommandBusIsUnavailable() throws Exception {
        assertUnavailable(() -> new CommandExecutionException("command failed",
                new JdbcException("Failed to create a SQL statement", new SQLTransientConnectionException("down"))));
        assertUnavailable(() -> new CommandExecutionException("command failed",
                new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection")));
    }

    @Test
    void eventStoreAndTransactionFailuresAreUnavailable() throws Exception {
        assertUnavailable(() -> new EventStoreException("An event for aggregate [x] at sequence [1] could not be persisted"));
        assertUnavailable(() -> new CannotCreateTransactionException("Could not open JDBC Connection for transaction"));
    }

    @Test
    void anyFailureCausedByALostConnectionIsUnavailable() throws Exception {
        assertUnavailable(() -> new IllegalStateException("wrapped", new ConnectException("Connection refused")));
        assertUnavailable(() -> new IllegalStateException("wrapped", new SQLTransientConnectionException("pool exhausted")));
    }

    @Test
    void anUnrelatedFailureStaysAnInternalErrorWithoutDetailsOfTheCause() throws Exception {
        mvc(() -> new IllegalStateException("secret-ish detail")).perform(post("/fail"))
                .andExpect(status().isInternalServerError())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.detail").value("the request could not be handled"));
    }

    @Test
    void aTimeBeyondWhatJavaTimeRepresentsIsTheRequestsFault() throws Exception {
        mvc(() -> new DateTimeException("Instant exceeds minimum or maximum instant")).perform(post("/fail"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://tokensuite.org/problems/invalid-request"));
        mvc(() -> new ArithmeticException("long overflow")).perform(post("/fail"))
                .andExpect(status().isBadRequest());
    }

    private static void assertUnavailable(Supplier<RuntimeException> failure) throws Exception {
        mvc(failure).perform(post("/fail"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.type").value(UNAVAILABLE))
                .andExpect(jsonPath("$.status").value(503));
    }

    private static MockMvc mvc(Supplier<RuntimeException> failure) {
        ProblemAdvice advice = new ProblemAdvice(new ErrorDocuments(List.of(), new ObjectMapper()));
        return MockMvcBuilders.standaloneSetup(new Failing(failure)).setControllerAdvice(advice).build();
    }

    @RestController
    static class Failing {

        private final Supplier<RuntimeException> failure;

        Failing(Supplier<RuntimeException> failure) {
            this.failure = failure;
        }

        @PostMapping("/fail")
        String fail() {
            throw failure.get();
        }
    }
}

package org.tokensuite.command.conflict;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Sends a command again when it lost a race for its aggregate's next event (another token-command
 * instance on the same event store appended first): the new attempt reloads the aggregate and
 * checks every rule afresh, so nothing is lost and nothing is applied twice. Only such conflicts are
 * retried, a few times with a growing, randomised pause (two instances retrying in step would
 * collide again); every other failure, and a conflict that outlasts the attempts, reaches the caller
 * (a conflict as 409). Counted as {@code tokens.command.conflicts} with {@code outcome=retried|refused}.
 */
public final class ConflictRetries implements RetryScheduler {

    private final ScheduledExecutorService executor;
    private final int maxRetries;
    private final long firstPauseMillis;
    private final Counter retried;
    private final Counter refused;

    public ConflictRetries(ScheduledExecutorService executor, int maxRetries, Duration firstPause, MeterRegistry meters) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("max retries must not be negative");
        }
        this.executor = executor;
        this.maxRetries = maxRetries;
        this.firstPauseMillis = Math.max(1, firstPause.toMillis());
        this.retried = Counter.builder("tokens.command.conflicts").tag("outcome", "retried")
                .description("commands sent again after losing a race for their aggregate's next event").register(meters);
        this.refused = Counter.builder("tokens.command.conflicts").tag("outcome", "refused")
                .description("commands that still conflicted after every retry (answered 409)").register(meters);
    }

    @Override
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable dispatchTask) {
        if (!isConflict(lastFailure)) {
            return false;
        }
        int attempt = failures.size(); // failures so far, this one included
        if (attempt > maxRetries) {
            refused.increment();
            return false;
        }
        long ceiling = firstPauseMillis << Math.min(attempt - 1, 10);
        long pause = ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
        try {
            executor.schedule(dispatchTask, pause, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) { // shutting down: the caller gets the conflict
            refused.increment();
            return false;
        }
        retried.increment();
        return true;
    }

    /** A lost append race, however the command bus or unit of work wrapped it. */
    public static boolean isConflict(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof ConcurrencyException || t instanceof AggregateStreamCreationException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}

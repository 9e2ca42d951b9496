package org.tokensuite.command.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Component;
import org.tokensuite.command.conflict.ConflictRetries;
import org.tokensuite.command.rule.TokenAccessDenied;
import org.tokensuite.command.rule.TokenRuleViolation;
import org.tokensuite.command.rule.TokenStateConflict;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts every command handled here, as {@code tokens.commands} with {@code type} (the command's class, e.g.
 * {@code RevokeToken}: only classes with a handler get this far, so the tag is bounded) and {@code outcome}:
 * {@code accepted} (its unit of work committed), {@code refused} (a rule, the token's state, reach or an unknown
 * aggregate: the caller's 4xx), {@code conflict} (lost an append race; the gateway sends it again) or
 * {@code failed} (anything else, e.g. storage). Counted when the unit of work ends, so a command whose events
 * could not be stored is not counted as accepted. Axon registers it on the command bus (a handler-interceptor bean).
 */
@Component
public class CommandMetrics implements MessageHandlerInterceptor<CommandMessage<?>> {

    public static final String COMMANDS = "tokens.commands";

    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public CommandMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        String type = unitOfWork.getMessage().getPayloadType().getSimpleName();
        unitOfWork.afterCommit(u -> count(type, u.getExecutionResult() != null && u.getExecutionResult().isExceptionResult()
                ? outcomeOf(u.getExecutionResult().getExceptionResult()) : Outcome.ACCEPTED));
        unitOfWork.onRollback(u -> count(type, outcomeOf(u.getExecutionResult() == null ? null
                : u.getExecutionResult().getExceptionResult())));
        return chain.proceed();
    }

    /** Which outcome a failure is, however the bus or unit of work wrapped it. */
    static Outcome outcomeOf(Throwable failure) {
        if (failure == null) {
            return Outcome.FAILED;
        }
        if (ConflictRetries.isConflict(failure)) {
            return Outcome.CONFLICT;
        }
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof TokenRuleViolation || t instanceof TokenStateConflict || t instanceof TokenAccessDenied
                    || t instanceof AggregateNotFoundException) {
                return Outcome.REFUSED;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Outcome.FAILED;
    }

    private void count(String type, Outcome outcome) {
        counters.computeIfAbsent(type + ' ' + outcome.tag, key -> Counter.builder(COMMANDS)
                .description("commands handled, by command type and outcome")
                .tag("type", type)
                .tag("outcome", outcome.tag)
                .register(meters)).increment();
    }

    enum Outcome {
        ACCEPTED("accepted"), REFUSED("refused"), CONFLICT("conflict"), FAILED("failed");

        final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }
    }
}

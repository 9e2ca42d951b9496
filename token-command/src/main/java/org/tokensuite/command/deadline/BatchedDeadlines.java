package org.tokensuite.command.deadline;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.SchedulableInstance;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import org.axonframework.common.IdentifierFactory;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.GenericDeadlineMessage;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.messaging.ScopeAwareProvider;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.tracing.Span;
import org.tokensuite.command.unitofwork.PrepareCommitBatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Axon's persistent deadline manager over db-scheduler, storing the deadlines a unit of work sets with one batched
 * INSERT as it prepares to commit (in the command's transaction, as before) instead of a SELECT and an INSERT each.
 *
 * <p>db-scheduler's {@code schedule} first looks for an execution with the same id, a round trip on every issue
 * (its {@code createIfNotExists}); Axon gives each deadline a fresh random id, so that look-up never finds one.
 * Everything else is Axon's: the stored task data is the {@link DbSchedulerBinaryDeadlineDetails} that Axon's own
 * {@code AxonDeadline} task reads back and fires, and cancelling is inherited unchanged.
 */
public class BatchedDeadlines extends DbSchedulerDeadlineManager {

    // Axon's task name and data: the task Axon's auto-configuration registers executes what is stored here.
    private static final TaskDescriptor<DbSchedulerBinaryDeadlineDetails> AXON_DEADLINE =
            TaskDescriptor.of("AxonDeadline", DbSchedulerBinaryDeadlineDetails.class);

    private final Scheduler scheduler;
    private final Serializer serializer;
    private final DeadlineManagerSpanFactory spanFactory;
    private final PrepareCommitBatch<Pending> batch =
            new PrepareCommitBatch<>(BatchedDeadlines.class.getName() + ".batch", this::store);

    public BatchedDeadlines(Scheduler scheduler, ScopeAwareProvider scopes, Serializer serializer,
                            TransactionManager transactionManager, DeadlineManagerSpanFactory spanFactory) {
        super(DbSchedulerDeadlineManager.builder()
                .scheduler(scheduler)
                .scopeAwareProvider(scopes)
                .serializer(serializer)
                .transactionManager(transactionManager)
                .spanFactory(spanFactory)
                // The service's own lifecycle starts the scheduler after Axon, and stops it first.
                .startScheduler(false)
                .stopScheduler(false));
        this.scheduler = scheduler;
        this.serializer = serializer;
        this.spanFactory = spanFactory;
    }

    @Override
    public String schedule(Instant triggerDateTime, String deadlineName, Object messageOrPayload,
                           ScopeDescriptor deadlineScope) {
        DeadlineMessage<Object> message = GenericDeadlineMessage.asDeadlineMessage(deadlineName, messageOrPayload,
                triggerDateTime);
        String id = IdentifierFactory.getInstance().generateIdentifier();
        Pending pending = new Pending(id, triggerDateTime, deadlineName, deadlineScope, message,
                spanFactory.createScheduleSpan(deadlineName, id, message));
        batch.addToCurrent(pending);
        return id;
    }

    private void store(List<Pending> batch) {
        List<SchedulableInstance<?>> instances = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            pending.span().wrapRunnable(() -> instances.add(instance(pending))).run();
        }
        scheduler.scheduleBatch(instances);
    }

    private SchedulableInstance<DbSchedulerBinaryDeadlineDetails> instance(Pending pending) {
        DeadlineMessage<Object> message = processDispatchInterceptors(pending.message());
        SerializedObject<byte[]> scope = serializer.serialize(pending.scope(), byte[].class);
        SerializedObject<byte[]> payload = serializer.serialize(message.getPayload(), byte[].class);
        SerializedObject<byte[]> metaData = serializer.serialize(message.getMetaData(), byte[].class);
        DbSchedulerBinaryDeadlineDetails details = new DbSchedulerBinaryDeadlineDetails(pending.deadlineName(),
                scope.getData(), scope.getType().getName(),
                payload.getData(), payload.getType().getName(), payload.getType().getRevision(),
                metaData.getData());
        return AXON_DEADLINE.instance(pending.id()).data(details).scheduledTo(pending.triggerDateTime());
    }

    private record Pending(String id, Instant triggerDateTime, String deadlineName, ScopeDescriptor scope,
                           DeadlineMessage<Object> message, Span span) {
    }
}

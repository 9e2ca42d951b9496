package org.tokensuite.command.eventstore;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Axon's JDBC event store, made cheaper for units of work that load many aggregates (a bulk revocation loads
 * hundreds of tokens per chunk), in two ways:
 * <ul>
 *   <li>No snapshot lookup. The suite configures no snapshotter, so asking for a snapshot before every load was a
 *   query that never found anything. Should snapshots ever be taken, loads would still be right (they replay the
 *   events), only not shortened by them.</li>
 *   <li>Events read ahead. {@link #withEventsOf} reads the events of many aggregates in one query; loads on the same
 *   thread inside it take their events from that read instead of a query each. The read comes before the
 *   aggregates' locks: an event another writer appends in between makes this unit of work's append conflict on
 *   (aggregate, sequence number), it rolls back and is done again, which is Axon's optimistic concurrency for any
 *   stale load.</li>
 *   <li>One query per load. Axon's JDBC engine asks for an aggregate's events again until a batch comes back empty,
 *   in case its sequence numbers have gaps; here a batch smaller than the batch size is the last. One event store
 *   appends each aggregate's events with consecutive numbers (a rolled-back append leaves none), so it has no gaps;
 *   were there one, the events after it would be missed and the next append would conflict on (aggregate, sequence
 *   number) and fail, not pass silently.</li>
 * </ul>
 */
public class PrefetchingEventStorageEngine extends JdbcEventStorageEngine {

    private static final ThreadLocal<Map<String, List<DomainEventData<?>>>> READ_AHEAD = new ThreadLocal<>();

    private final JdbcTemplate jdbc;
    private final String readManySql;

    public PrefetchingEventStorageEngine(JdbcEventStorageEngine.Builder builder, EventSchema schema, JdbcTemplate jdbc) {
        super(builder);
        this.jdbc = jdbc;
        this.readManySql = readManySql(schema);
    }

    /**
     * The events of a list of aggregates, each aggregate's in order: one probe of the (aggregate, sequence number)
     * index per aggregate (token-command's README, "Queries whose plans cannot go stale").
     */
    static String readManySql(EventSchema schema) {
        return "SELECT e.* FROM unnest(?::text[]) AS k(id) CROSS JOIN LATERAL (SELECT " + schema.domainEventFields()
                + " FROM " + schema.domainEventTable() + " WHERE " + schema.aggregateIdentifierColumn() + " = k.id"
                // OFFSET 0 keeps the subquery a probe per aggregate: the planner may not turn it into a join.
                + " OFFSET 0) e ORDER BY k.id, e." + schema.sequenceNumberColumn();
    }

    /**
     * Runs {@code work} with the events of {@code aggregateIds} read in one query: loads of those aggregates on this
     * thread inside {@code work} use them. Call it inside the unit of work's transaction.
     */
    public <T> T withEventsOf(Collection<String> aggregateIds, Supplier<T> work) {
        if (READ_AHEAD.get() != null) {
            throw new IllegalStateException("events are already read ahead on this thread");
        }
        READ_AHEAD.set(readMany(aggregateIds));
        try {
            return work.get();
        } finally {
            READ_AHEAD.remove();
        }
    }

    private Map<String, List<DomainEventData<?>>> readMany(Collection<String> aggregateIds) {
        Map<String, List<DomainEventData<?>>> events = new HashMap<>();
        jdbc.query(connection -> {
            var statement = connection.prepareStatement(readManySql);
            // Each id once: the query probes per listed id, so an id named twice would read its events twice.
            Array ids = connection.createArrayOf("varchar", new LinkedHashSet<>(aggregateIds).toArray());
            statement.setArray(1, ids);
            return statement;
        }, resultSet -> {
            DomainEventData<?> event = getDomainEventData(resultSet);
            events.computeIfAbsent(event.getAggregateIdentifier(), id -> new ArrayList<>()).add(event);
        });
        // Read ahead and found nothing is an answer too: such an aggregate does not exist.
        aggregateIds.forEach(id -> events.putIfAbsent(id, List.of()));
        return events;
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readEventData(String identifier, long firstSequenceNumber) {
        Map<String, List<DomainEventData<?>>> readAhead = READ_AHEAD.get();
        List<DomainEventData<?>> events = readAhead == null ? null : readAhead.get(identifier);
        if (events == null) {
            return super.readEventData(identifier, firstSequenceNumber);
        }
        return events.stream().filter(event -> event.getSequenceNumber() >= firstSequenceNumber);
    }

    @Override
    protected boolean fetchForAggregateUntilEmpty() {
        return false;
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        return Stream.empty();
    }
}

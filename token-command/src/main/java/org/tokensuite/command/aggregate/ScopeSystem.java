package org.tokensuite.command.aggregate;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.tokensuite.api.command.RegisterSystem;
import org.tokensuite.api.event.SystemChanged;
import org.tokensuite.api.event.SystemRegistered;
import org.tokensuite.api.value.SystemName;
import org.tokensuite.command.rule.TokenStateConflict;

import java.util.Collections;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A system of the scope catalogue (identified by its name): what it is and which actions it has, each a
 * scope {@code <system>:<action>}. Registered by its first {@link RegisterSystem}; each later one is its whole
 * new definition. An action left out is retired (no longer granted; tokens holding it keep working); an
 * action re-added is grantable again. The same definition again records nothing. The suite's own systems
 * are built in and cannot be registered.
 */
@Aggregate
public class ScopeSystem {

    @AggregateIdentifier
    private String aggregateId;
    private SystemName system;
    private String description;
    private SortedMap<String, String> actions = new TreeMap<>();
    private SortedSet<String> retired = new TreeSet<>();

    public ScopeSystem() {
        // for Axon: created by the first command, or rebuilt from events
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public SystemView handle(RegisterSystem command, CatalogueGate gate) {
        if (command.system().isBuiltIn()) {
            throw new TokenStateConflict("system " + command.system() + " is one of the suite's own: its scopes are "
                    + "built in and it cannot be registered or changed");
        }
        if (system == null) {
            gate.lockForChange(command.system());
            apply(new SystemRegistered(command.system(), command.description(), new TreeMap<>(command.actions()),
                    command.actor(), command.cause(), now()));
            return view(SystemView.Outcome.REGISTERED);
        }
        if (description.equals(command.description()) && actions.equals(command.actions())) {
            return view(SystemView.Outcome.UNCHANGED);
        }
        SortedSet<String> nowRetired = new TreeSet<>(retired);
        nowRetired.addAll(actions.keySet());
        nowRetired.removeAll(command.actions().keySet());
        gate.lockForChange(system);
        apply(new SystemChanged(system, command.description(), new TreeMap<>(command.actions()), nowRetired,
                command.actor(), command.cause(), now()));
        return view(SystemView.Outcome.CHANGED);
    }

    @EventSourcingHandler
    void on(SystemRegistered event) {
        aggregateId = RegisterSystem.AGGREGATE_PREFIX + event.system().value();
        system = event.system();
        description = event.description();
        actions = new TreeMap<>(event.actions());
        retired = new TreeSet<>();
    }

    @EventSourcingHandler
    void on(SystemChanged event) {
        description = event.description();
        actions = new TreeMap<>(event.actions());
        retired = new TreeSet<>(event.retiredActions());
    }

    private SystemView view(SystemView.Outcome outcome) {
        return new SystemView(system, description, Collections.unmodifiableSortedMap(new TreeMap<>(actions)),
                Collections.unmodifiableSortedSet(new TreeSet<>(retired)), outcome);
    }

    private static java.time.Instant now() {
        return GenericEventMessage.clock.instant();
    }
}

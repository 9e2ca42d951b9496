package org.tokensuite.command.aggregate;

import org.tokensuite.api.value.SystemName;

/**
 * Serialises a change of a catalogue system with every grant that reads it: the lock is held until the
 * surrounding transaction ends, so an issue or re-scope either commits before a retirement or sees it.
 */
public interface CatalogueGate {

    /** Takes the system's lock for a change, for the current transaction. */
    void lockForChange(SystemName system);
}

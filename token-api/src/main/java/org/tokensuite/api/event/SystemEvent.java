package org.tokensuite.api.event;

import org.tokensuite.api.value.SystemName;
import org.tokensuite.api.value.UserId;

/**
 * An event of the scope catalogue. It concerns no owner's tokens: all of them travel under one Kafka key,
 * {@link #CATALOGUE_KEY}, so the catalogue's events stay in order on one partition. The key is not part of
 * the payload.
 */
public interface SystemEvent extends TokenEvent {

    UserId CATALOGUE_KEY = new UserId("scope-catalogue");

    SystemName system();

    @Override
    default UserId ownerId() {
        return CATALOGUE_KEY;
    }
}

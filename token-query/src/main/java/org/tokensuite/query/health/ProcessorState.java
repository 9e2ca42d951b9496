package org.tokensuite.query.health;

/**
 * One processor as last checked.
 *
 * @param lagEvents     events on the topic it has not applied yet; -1 until first known
 * @param lagSeconds    how long the oldest of them has been on the topic (as first seen by the watch)
 * @param stalled       it has work and has not advanced for longer than {@code tokens.health.stall-after}
 * @param idleSeconds   seconds since it last advanced or had nothing to do
 * @param lastError     the class name of the last error it met, or null
 */
public record ProcessorState(String name, long lagEvents, long lagSeconds, boolean stalled, long idleSeconds,
                             String lastError) {
}

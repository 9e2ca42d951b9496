package org.tokensuite.platform.event;

/**
 * One event as it is on the wire: its type name ({@code axon-message-type}), revision
 * ({@code axon-message-revision}) and JSON payload (the record value). Arrays compare by reference.
 */
public record WireEvent(String type, String revision, byte[] payload) {
}

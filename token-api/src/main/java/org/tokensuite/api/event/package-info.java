/**
 * Events of the suite: past tense, JSON, each with {@code @Revision}. Changing one means a new
 * revision and an upcaster with a test. None carries a secret: only its SHA-256 and a hint.
 */
package org.tokensuite.api.event;

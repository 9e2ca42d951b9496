package org.tokensuite.audit.checkpoint;

import org.tokensuite.audit.projection.AppendedEntries;
import org.springframework.stereotype.Component;
import org.tokensuite.audit.settings.CheckpointProperties;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * Signs chain heads with this instance's key. {@link #afterAppend} is called by the writer for
 * every entry it appends, inside the writer's transaction, so the N-th entry and its checkpoint
 * commit together; publishing happens later, elsewhere (CheckpointPublisher), so a broker outage
 * can never stop the writer.
 */
@Component
public class CheckpointSigner implements AppendedEntries {

    private final SigningKey key;
    private final Checkpoints checkpoints;
    private final long everyEntries;
    private final Clock clock = Clock.systemUTC();

    public CheckpointSigner(SigningKey key, Checkpoints checkpoints, CheckpointProperties properties) {
        this.key = key;
        this.checkpoints = checkpoints;
        this.everyEntries = properties.everyEntries();
    }

    public SigningKey key() {
        return key;
    }

    public Checkpoint sign(long seq, String hash) {
        // Microseconds: what timestamptz stores, so the signed time reads back exactly.
        var signedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        byte[] signature = key.sign(CheckpointMessage.of(seq, hash, signedAt));
        return new Checkpoint(seq, hash, signedAt, key.keyId(), Base64.getEncoder().encodeToString(signature));
    }

    public void signAndStore(long seq, String hash) {
        checkpoints.insert(sign(seq, hash));
    }

    @Override
    public void afterAppend(long seq, String hash) {
        if (seq % everyEntries == 0) {
            signAndStore(seq, hash);
        }
    }
}

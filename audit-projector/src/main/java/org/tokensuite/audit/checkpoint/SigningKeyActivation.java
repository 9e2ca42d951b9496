package org.tokensuite.audit.checkpoint;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tokensuite.audit.chain.ChainHash;
import org.tokensuite.audit.projection.AuditLogWriter;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;

/**
 * At start-up, before the processors run (a singleton is built before any lifecycle starts, so
 * this is still the chain's only writer): records this instance's key. The first key ever is
 * simply recorded. A key other than the newest recorded one is a rotation: the key is recorded
 * as valid from the next seq, an {@code AuditSigningKeyRotated} entry (old and new key ids) is
 * appended through the normal writer, so the rotation is itself hashed, and that entry is signed
 * at once with the new key, all in one transaction. A key that was retired is refused.
 */
@Component
public class SigningKeyActivation {

    public static final String ROTATION_TYPE = "AuditSigningKeyRotated";

    private static final Logger log = LoggerFactory.getLogger(SigningKeyActivation.class);

    public SigningKeyActivation(CheckpointSigner signer, Checkpoints checkpoints, AuditLogWriter writer,
                                PlatformTransactionManager transactions) {
        new TransactionTemplate(transactions).executeWithoutResult(status -> activate(signer, checkpoints, writer));
    }

    private static void activate(CheckpointSigner signer, Checkpoints checkpoints, AuditLogWriter writer) {
        SigningKey key = signer.key();
        Instant now = Clock.systemUTC().instant().truncatedTo(ChronoUnit.MICROS);
        List<CheckpointKey> keys = checkpoints.keys();
        if (keys.isEmpty()) {
            checkpoints.insertKey(key, now, 0);
            log.info("recorded the first audit signing key, key id {}", key.keyId());
            return;
        }
        CheckpointKey newest = keys.get(keys.size() - 1);
        if (newest.keyId().equals(key.keyId())) {
            return;
        }
        if (keys.stream().anyMatch(k -> k.keyId().equals(key.keyId()))) {
            throw new IllegalStateException("the audit signing key " + key.keyId() + " was retired by a later key ("
                    + newest.keyId() + "); a retired key cannot sign again: use a new key file");
        }
        ChainHead head = checkpoints.head();
        long rotationSeq = head.seq() + 1;
        checkpoints.insertKey(key, now, rotationSeq);
        ObjectNode payload = JsonNodeFactory.instance.objectNode()
                .put("oldKeyId", newest.keyId())
                .put("newKeyId", key.keyId())
                .put("newPublicKey", Base64.getEncoder().encodeToString(key.publicKey()))
                .put("activatedAt", ChainHash.formatInstant(now));
        writer.appendNow(new AuditLogWriter.NewAuditEntry("audit-signing-key:" + key.keyId(), ROTATION_TYPE, null, null,
                "system:audit-projector", "system", "audit signing key rotated", null, now, payload, null));
        ChainHead rotated = checkpoints.head();
        if (rotated.seq() != rotationSeq) {
            throw new IllegalStateException("another writer extended the audit chain during the key rotation");
        }
        signer.signAndStore(rotated.seq(), rotated.hash());
        log.info("audit signing key rotated from key id {} to key id {} at seq {}", newest.keyId(), key.keyId(),
                rotationSeq);
    }
}

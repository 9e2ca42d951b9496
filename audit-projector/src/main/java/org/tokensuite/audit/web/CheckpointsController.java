package org.tokensuite.audit.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import com.fasterxml.jackson.annotation.JsonFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tokensuite.audit.checkpoint.Checkpoint;
import org.tokensuite.audit.checkpoint.CheckpointKey;
import org.tokensuite.audit.checkpoint.CheckpointSigner;
import org.tokensuite.audit.checkpoint.Checkpoints;
import org.tokensuite.audit.checkpoint.SigningKey;
import org.tokensuite.audit.settings.AuditProperties;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** GET /v1/audit/checkpoints/key (the public keys and their validity) and GET /v1/audit/checkpoints (a page). */
@Tag(name = "checkpoints", description = "Ed25519-signed chain heads, also published on the audit-checkpoints topic.")
@RestController
public class CheckpointsController {

    private final Checkpoints checkpoints;
    private final CheckpointSigner signer;
    private final AuditProperties properties;

    public CheckpointsController(Checkpoints checkpoints, CheckpointSigner signer, AuditProperties properties) {
        this.checkpoints = checkpoints;
        this.signer = signer;
        this.properties = properties;
    }

    @Operation(operationId = "checkpointKeys", summary = "The public keys checkpoints are signed with, and when each was valid")
    @GetMapping("/v1/audit/checkpoints/key")
    public Keys keys() {
        List<CheckpointKey> recorded = checkpoints.keysForReaders();
        List<PublicKey> all = new ArrayList<>();
        for (int i = 0; i < recorded.size(); i++) {
            CheckpointKey key = recorded.get(i);
            CheckpointKey next = i + 1 < recorded.size() ? recorded.get(i + 1) : null;
            all.add(new PublicKey(key.keyId(), SigningKey.pem(key.publicKey()),
                    Base64.getEncoder().encodeToString(key.publicKey()), key.activatedAt(),
                    next == null ? null : next.activatedAt(), key.firstSeq(), next == null ? null : next.firstSeq() - 1));
        }
        String current = signer.key().keyId();
        PublicKey currentKey = all.stream().filter(k -> k.keyId().equals(current)).findFirst().orElse(null);
        List<PublicKey> earlier = all.stream().filter(k -> !k.keyId().equals(current)).toList();
        return new Keys(currentKey, earlier);
    }

    @Operation(operationId = "checkpoints", summary = "A page of signed checkpoints")
    @GetMapping("/v1/audit/checkpoints")
    public Page page(@RequestParam(required = false) String from, @RequestParam(required = false) String limit) {
        long fromSeq = Params.seq("from", from);
        Integer asked = Params.limit(limit, properties.pageLimitMax());
        int size = asked == null ? properties.pageLimitDefault() : asked;
        List<Checkpoint> found = checkpoints.page(fromSeq, size + 1);
        boolean more = found.size() > size;
        List<Checkpoint> shown = more ? found.subList(0, size) : found;
        return new Page(shown, more ? String.valueOf(found.get(size).seq()) : null);
    }

    /** {@code current}: the key this instance signs with; {@code earlier}: keys it replaced, oldest first. */
    public record Keys(PublicKey current, List<PublicKey> earlier) {
    }

    /** Valid for checkpoints of seq {@code validFromSeq..validThroughSeq} signed in {@code [validFrom, validUntil)}; null: open. */
    public record PublicKey(String keyId, String pem, String publicKey,
                            @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", timezone = "UTC")
                            Instant validFrom,
                            @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", timezone = "UTC")
                            Instant validUntil,
                            long validFromSeq, Long validThroughSeq) {
    }

    /** Pass {@code nextFrom} back as {@code from} for the next page (null on the last page). */
    public record Page(List<Checkpoint> checkpoints, String nextFrom) {
    }
}

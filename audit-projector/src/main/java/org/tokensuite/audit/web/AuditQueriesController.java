package org.tokensuite.audit.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tokensuite.api.value.Scope;
import org.tokensuite.audit.access.AccessQuery;
import org.tokensuite.audit.access.ValidToken;
import org.tokensuite.audit.verification.ChainVerification;
import org.tokensuite.audit.verification.ChainVerifier;
import org.tokensuite.audit.verification.CheckpointVerifier;
import org.tokensuite.audit.progress.ProcessorProgress;
import org.tokensuite.audit.projection.AuditLogProjection;

import java.time.Instant;
import java.util.List;

/** GET /v1/audit/verify and GET /v1/audit/access: the chain's integrity and who could do what, when. */
@Tag(name = "audit log")
@RestController
public class AuditQueriesController {

    private final ChainVerifier verifier;
    private final AccessQuery access;
    private final ProcessorProgress progress;
    private final CheckpointVerifier checkpoints;

    public AuditQueriesController(ChainVerifier verifier, AccessQuery access, ProcessorProgress progress,
                                  CheckpointVerifier checkpoints) {
        this.verifier = verifier;
        this.checkpoints = checkpoints;
        this.access = access;
        this.progress = progress;
    }

    /** The chain walked, checked against its signed checkpoints, then how far the projector stands behind its topics (committed position vs. end offsets). */
    @Operation(operationId = "verifyChain", summary = "Verify the hash chain",
            description = "Walks the chain, checks it against the signed checkpoints, and says how far it is behind the topics.")
    @GetMapping("/v1/audit/verify")
    public ChainVerification verify() {
        ChainVerification walked = verifier.verify();
        return walked.withCheckpoint(checkpoints.verify(walked)).withBehind(progress.behindNow(AuditLogProjection.PROCESSING_GROUP));
    }

    @Operation(operationId = "accessAt", summary = "Who could do what at a point in time",
            description = "The tokens valid at `at` (required), optionally holding `scope` or of `ownerId`, rebuilt from the log.")
    @GetMapping("/v1/audit/access")
    public AccessAt access(@RequestParam(required = false) String at,
                           @RequestParam(required = false) String scope,
                           @RequestParam(required = false) String ownerId) {
        Instant instant = Params.requiredInstant("at", at);
        Scope wanted = Params.scope(scope);
        String owner = Params.ownerId(ownerId);
        return new AccessAt(instant, access.validAt(instant, wanted, owner));
    }

    public record AccessAt(Instant at, List<ValidToken> tokens) {
    }
}

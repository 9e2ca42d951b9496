package org.tokensuite.audit.console;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.tokensuite.audit.progress.ProcessorProgress;
import org.tokensuite.audit.progress.ProcessorState;
import org.tokensuite.audit.projection.AuditLogProjection;
import org.tokensuite.audit.verification.ChainVerification;
import org.tokensuite.audit.verification.ChainVerifier;
import org.tokensuite.audit.verification.CheckpointVerifier;

import java.util.List;

/** Chain status: the chain walked and checked against its signed checkpoints (as /v1/audit/verify), and each processor's backlog. */
@Hidden
@Controller
public class ChainController {

    private final ChainVerifier verifier;
    private final CheckpointVerifier checkpoints;
    private final ProcessorProgress progress;

    public ChainController(ChainVerifier verifier, CheckpointVerifier checkpoints, ProcessorProgress progress) {
        this.verifier = verifier;
        this.checkpoints = checkpoints;
        this.progress = progress;
    }

    /** A processor by name, with its latest measurement (not measured yet right after start). */
    public record Processor(String name, ProcessorState state) {
    }

    @GetMapping("/console/chain")
    public String chain(Model model) {
        ChainVerification walked = verifier.verify();
        ChainVerification verification = walked.withCheckpoint(checkpoints.verify(walked))
                .withBehind(progress.behindNow(AuditLogProjection.PROCESSING_GROUP));
        List<Processor> processors = progress.processors().stream().map(name -> new Processor(name, progress.state(name))).toList();
        model.addAttribute("verification", verification);
        model.addAttribute("processors", processors);
        return "console/chain";
    }
}

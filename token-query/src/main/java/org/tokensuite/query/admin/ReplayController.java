package org.tokensuite.query.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.tokensuite.platform.security.Caller;
import org.tokensuite.query.projection.TokenViewProjection;
import org.tokensuite.query.web.ApiProblem;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Operator command: rebuild the token view from the topic. {@code POST /v1/admin/replay}
 * (tokens:admin: {@code web.QueryAccess}) stops this instance's token-view processor, resets its tokens (the reset
 * handler truncates the view in the same transaction) and starts it again; it then re-reads the
 * topic from the beginning. {@code GET /v1/admin/replay} tells whether a replay is running.
 */
@Tag(name = "admin", description = "Operator commands; need tokens:admin.")
@RestController
public class ReplayController {

    private static final Logger log = LoggerFactory.getLogger(ReplayController.class);

    private final EventProcessingConfiguration processing;

    public ReplayController(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    public record ReplayStatus(String processor, boolean running, boolean replaying) {
    }

    @Operation(operationId = "replayTokenView", summary = "Rebuild the token view from the token-events topic",
            description = "Resets this instance's token-view processor; 409 while another instance holds part of it.")
    @PostMapping("/v1/admin/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Mono<ReplayStatus> replay(@AuthenticationPrincipal Caller caller) {
        return Mono.fromCallable(() -> {
            StreamingEventProcessor processor = processor();
            log.info("token view replay requested by {}", caller.tokenId());
            processor.shutDown();
            try {
                processor.resetTokens();
            } catch (UnableToClaimTokenException e) {
                throw ApiProblem.conflict("another instance holds part of the token-view processor; "
                        + "stop token-view on the other instances (or stop them) and retry");
            } finally {
                processor.start();
            }
            return status(processor);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Operation(operationId = "replayStatus", summary = "Whether a replay of the token view is running")
    @GetMapping("/v1/admin/replay")
    public ReplayStatus status() {
        return status(processor());
    }

    private StreamingEventProcessor processor() {
        return processing.eventProcessor(TokenViewProjection.GROUP, StreamingEventProcessor.class)
                .orElseThrow(() -> ApiProblem.unavailable("the token-view processor is not configured"));
    }

    private static ReplayStatus status(StreamingEventProcessor processor) {
        return new ReplayStatus(TokenViewProjection.GROUP, processor.isRunning(), processor.isReplaying());
    }
}

package org.tokensuite.query.inventory;

import org.springframework.stereotype.Component;
import org.tokensuite.query.projection.ViewChanges;
import org.tokensuite.query.settings.TokensProperties;
import org.tokensuite.query.web.ApiProblem;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.Optional;

/**
 * Read-your-writes for the inventory: a read that must not be older than a version of a token (the
 * {@code X-Not-Older-Than} header, the version token-command answered with) waits until this
 * instance's view of the token has reached it, at most {@code tokens.view.max-wait}, then answers 503.
 * No thread waits: each look is one query on the bounded-elastic pool, and between looks the request
 * only holds a subscription, woken by the processor's commit ({@link ViewChanges}) or the recheck timer.
 */
@Component
public class ViewFreshness {

    /** What a client should wait before asking again, when the bound passed. */
    static final long RETRY_AFTER_SECONDS = 1;

    private final TokenViewQueries queries;
    private final ViewChanges changes;
    private final Duration maxWait;
    private final Duration recheckInterval;

    public ViewFreshness(TokenViewQueries queries, ViewChanges changes, TokensProperties properties) {
        this.queries = queries;
        this.changes = changes;
        this.maxWait = properties.view().maxWait();
        this.recheckInterval = properties.view().recheckInterval();
    }

    /** The token once its row has reached {@code version}; 503 {@link ApiProblem} when it has not within the bound. */
    public Mono<VersionedToken> notOlderThan(String tokenId, long version) {
        return look(tokenId, version)
                .repeatWhenEmpty(repeats -> repeats)
                .timeout(maxWait, Mono.error(() -> ApiProblem.unavailable("the token view has not reached version "
                        + version + " of token " + tokenId + " yet; try again later", RETRY_AFTER_SECONDS)));
    }

    /** One look: the token if it is recent enough, else empty after the next change of it or the recheck interval. */
    private Mono<VersionedToken> look(String tokenId, long version) {
        return Mono.defer(() -> {
            // Listen before reading, so a commit between the read and the wait is not missed.
            Sinks.Empty<Void> changed = Sinks.empty();
            Disposable listening = changes.onNextChange(tokenId, changed::tryEmitEmpty);
            return Mono.fromCallable(() -> queries.findVersioned(tokenId))
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(found -> recentEnough(found, version)
                            .map(Mono::just)
                            .orElseGet(() -> Mono.firstWithSignal(changed.asMono(), Mono.delay(recheckInterval).then())
                                    .then(Mono.empty())))
                    .doFinally(signal -> listening.dispose());
        });
    }

    private static Optional<VersionedToken> recentEnough(Optional<VersionedToken> found, long version) {
        return found.filter(token -> token.reached(version));
    }
}

package org.tokensuite.query.catalogue;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.tokensuite.api.value.SystemName;
import org.tokensuite.query.web.ApiProblem;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.concurrent.Callable;

/** {@code GET /v1/systems} and {@code GET /v1/systems/{system}} (tokens:read: {@code web.QueryAccess}). */
@Tag(name = "systems", description = "The scope catalogue token-command keeps: systems, their actions, retired actions "
        + "and the tokens still holding them. Needs tokens:read.")
@RestController
public class SystemsController {

    private final SystemCatalogueQueries queries;

    public SystemsController(SystemCatalogueQueries queries) {
        this.queries = queries;
    }

    @Operation(operationId = "listSystems", summary = "Every registered system, with its actions and retired actions",
            description = "For each retired action, the tokens that still hold its exact scope (active or suspended, "
                    + "not expired): re-scope them. At most 500 are listed per action; holderCount counts them all. "
                    + "A token holding <system>:* covers every action and is listed only when the action * is retired. "
                    + "The suite's own systems (tokens, users, audit) are built in and not listed.")
    @GetMapping("/v1/systems")
    public Mono<CatalogueSystem.Systems> systems() {
        return blocking(() -> new CatalogueSystem.Systems(queries.all()));
    }

    @Operation(operationId = "getSystem", summary = "One registered system, with its retired actions and their holders")
    @GetMapping("/v1/systems/{system}")
    public Mono<CatalogueSystem> system(@PathVariable("system") String system) {
        if (!SystemName.isValid(system)) {
            throw ApiProblem.notFound("no such system");
        }
        return blocking(() -> queries.one(system).orElseThrow(() -> ApiProblem.notFound("no system " + system)));
    }

    /** JDBC blocks: keep it off the event loop that serves introspection. */
    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}

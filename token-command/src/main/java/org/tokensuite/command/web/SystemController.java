package org.tokensuite.command.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.tokensuite.api.command.RegisterSystem;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.SystemName;
import org.tokensuite.command.aggregate.SystemView;
import org.tokensuite.platform.security.Caller;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scope catalogue: which systems exist and which actions (scopes {@code <system>:<action>}) they have.
 * A PUT is the system's whole definition; leaving an action out retires it.
 */
@Tag(name = "systems", description = "The scope catalogue: register a system and its actions, change or retire them. "
        + "Needs tokens:admin. The suite's own systems (tokens, users, audit) are built in (409).")
@RestController
public class SystemController {

    private final CommandGateway commands;

    public SystemController(CommandGateway commands) {
        this.commands = commands;
    }

    @Operation(operationId = "defineSystem", summary = "Register a system of the scope catalogue, or change it",
            description = "Needs tokens:admin. The body is the system's whole definition: `actions` maps each action to "
                    + "what it allows. An action of the current definition left out is retired: it can no longer be "
                    + "granted (issue, re-scope), while tokens holding it keep working until re-scoped (token-query's "
                    + "GET /v1/systems lists them). A retired action put back is grantable again. The same definition "
                    + "again records nothing (200, changed false). The action `*` makes every action of the system "
                    + "known, and `<system>:*` grantable.")
    @ApiResponse(responseCode = "201", description = "registered")
    @ApiResponse(responseCode = "200", description = "changed, or already so defined (changed false)")
    @PutMapping(path = "/v1/systems/{system}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<TokenResponses.CatalogueSystem> define(
            @PathVariable("system") String system,
            @RequestBody TokenRequests.SystemDefinition body,
            @RequestHeader(name = RequestValues.CORRELATION_HEADER, required = false) String correlationId,
            @AuthenticationPrincipal Caller caller) {
        if (!SystemName.isValid(system)) {
            throw new InvalidRequest("system: a system name is a lowercase letter followed by up to 31 lowercase "
                    + "letters, digits or '-'");
        }
        if (body == null) {
            throw new InvalidRequest("a body {description, actions} is required");
        }
        Cause cause = RequestValues.cause(body.reason(), null, correlationId);
        RegisterSystem command;
        try {
            command = new RegisterSystem(new SystemName(system), body.description(),
                    body.actions() == null ? null : new TreeMap<>(withoutNullKeys(body.actions())), caller.actor(), cause);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidRequest(e.getMessage());
        }
        SystemView view = commands.sendAndWait(command);
        TokenResponses.CatalogueSystem answer = new TokenResponses.CatalogueSystem(view.system().value(),
                view.description(), view.actions(), List.copyOf(view.retiredActions()),
                view.outcome() != SystemView.Outcome.UNCHANGED);
        return ResponseEntity.status(view.outcome() == SystemView.Outcome.REGISTERED ? HttpStatus.CREATED : HttpStatus.OK)
                .body(answer);
    }

    private static Map<String, String> withoutNullKeys(Map<String, String> actions) {
        if (actions.containsKey(null)) {
            throw new InvalidRequest("actions: an action name is required");
        }
        return actions;
    }
}

package org.tokensuite.command.web;

import io.swagger.v3.oas.annotations.Operation;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tokensuite.api.command.RegisterServiceAccount;
import org.tokensuite.api.value.UserId;
import org.tokensuite.command.aggregate.ServiceAccountView;
import org.tokensuite.platform.security.Caller;

/**
 * Registers service accounts and changes their sponsor. Idempotent: the same definition again changes
 * nothing. Giving an orphaned account an active sponsor ends its grace period and brings back the tokens the
 * lost sponsor had suspended.
 */
@Tag(name = "service-accounts", description = "Owners that are not people, each with a sponsor accountable for it; "
        + "when the sponsor leaves, the account is orphaned and its tokens are suspended after a grace period.")
@RestController
@RequestMapping(path = "/v1/service-accounts", produces = MediaType.APPLICATION_JSON_VALUE)
public class ServiceAccountController {

    private final CommandGateway commands;

    public ServiceAccountController(CommandGateway commands) {
        this.commands = commands;
    }

    @Operation(operationId = "registerServiceAccount", summary = "Register a service account or change it",
            description = "Needs tokens:admin. 201 when it is new, 200 otherwise. The sponsor must be an active person "
                    + "(not offboarded, not on leave, not a service account); an id HR or SCIM has spoken about, and the "
                    + "suite's own principals, are refused (409).")
    @PutMapping(path = "/{accountId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ServiceAccountView> register(@PathVariable("accountId") String accountId,
                                                       @RequestBody TokenRequests.ServiceAccountDefinition body,
                                                       @RequestHeader(name = RequestValues.CORRELATION_HEADER, required = false) String correlationId,
                                                       @AuthenticationPrincipal Caller caller) {
        UserId account = RequestValues.userId(accountId, "accountId");
        if (body == null) {
            throw new InvalidRequest("a body with description and sponsor is required");
        }
        UserId sponsor = RequestValues.userId(body.sponsor(), "sponsor");
        ServiceAccountView view = commands.sendAndWait(new RegisterServiceAccount(account, body.description(), sponsor,
                body.team(), caller.actor(), RequestValues.cause(body.reason(), null, correlationId)));
        return ResponseEntity.status(view.created() ? HttpStatus.CREATED : HttpStatus.OK).body(view);
    }
}

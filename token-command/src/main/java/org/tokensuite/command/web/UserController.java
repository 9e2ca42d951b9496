package org.tokensuite.command.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tokensuite.api.command.EndUserLeave;
import org.tokensuite.api.command.OffboardUser;
import org.tokensuite.api.command.StartUserLeave;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.UserId;
import org.tokensuite.command.aggregate.OwnerStanding;
import org.tokensuite.command.aggregate.UserAccount;
import org.tokensuite.command.policy.SuitePrincipals;
import org.tokensuite.command.rule.TokenStateConflict;
import org.tokensuite.command.user.UserDirectory;
import org.tokensuite.platform.security.Caller;


/**
 * Changes of a user's standing (offboarding, leave), called by people and by lifecycle-listener
 * for HR events. Idempotent: the same correlation id twice, or offboarding twice, changes nothing
 * more. The tokens are revoked, suspended or reinstated right after, by the user-policies handler;
 * {@code affectedTokens} says how many.
 */
@Tag(name = "users", description = "A person's standing: offboarding revokes their tokens, leave suspends them "
        + "until it ends. Idempotent per correlation id; the suite's own principals are refused (409).")
@RestController
@RequestMapping(path = "/v1/users/{userId}", produces = MediaType.APPLICATION_JSON_VALUE)
public class UserController {


    private final CommandGateway commands;
    private final UserDirectory directory;
    private final SuitePrincipals principals;

    public UserController(CommandGateway commands, UserDirectory directory, SuitePrincipals principals) {
        this.commands = commands;
        this.directory = directory;
        this.principals = principals;
    }

    @Operation(operationId = "offboardUser", summary = "Offboard a user: revoke all their tokens",
            description = "Needs users:offboard. The answer lists the service accounts the user sponsored: each is "
                    + "orphaned (its tokens keep working through the grace period). A service account is refused (409).")
    @PostMapping("/offboard")
    public TokenResponses.UserStanding offboard(@PathVariable("userId") String userId,
                                                @RequestBody(required = false) TokenRequests.UserAction body,
                                                @RequestHeader(name = RequestValues.CORRELATION_HEADER, required = false) String correlationId,
                                                @AuthenticationPrincipal Caller caller) {
        UserId user = person(userId);
        UserAccount.Offboarding done = commands.sendAndWait(new OffboardUser(user, caller.actor(), cause(body, correlationId)));
        TokenResponses.UserStanding standing = standing(user, done.affectedTokens());
        return standing.orphaning(done.orphanedServiceAccounts().stream().map(UserId::value).toList());
    }

    @Operation(operationId = "startUserLeave", summary = "Start a user's leave: suspend their tokens",
            description = "Needs users:suspend.")
    @PostMapping("/suspend")
    public TokenResponses.UserStanding suspend(@PathVariable("userId") String userId,
                                               @RequestBody(required = false) TokenRequests.UserAction body,
                                               @RequestHeader(name = RequestValues.CORRELATION_HEADER, required = false) String correlationId,
                                               @AuthenticationPrincipal Caller caller) {
        UserId user = person(userId);
        Integer affected = commands.sendAndWait(new StartUserLeave(user, caller.actor(), cause(body, correlationId)));
        return standing(user, affected);
    }

    @Operation(operationId = "endUserLeave", summary = "End a user's leave: reinstate the tokens the leave suspended",
            description = "Needs users:suspend.")
    @PostMapping("/reinstate")
    public TokenResponses.UserStanding reinstate(@PathVariable("userId") String userId,
                                                 @RequestBody(required = false) TokenRequests.UserAction body,
                                                 @RequestHeader(name = RequestValues.CORRELATION_HEADER, required = false) String correlationId,
                                                 @AuthenticationPrincipal Caller caller) {
        UserId user = person(userId);
        Integer affected = commands.sendAndWait(new EndUserLeave(user, caller.actor(), cause(body, correlationId)));
        return standing(user, affected);
    }

    /** A user id that may be treated as a person: the suite's own principals are refused (409). */
    private UserId person(String userId) {
        UserId user = RequestValues.userId(userId, "userId");
        if (principals.isReserved(user)) {
            throw new TokenStateConflict("user " + user + " is one of the suite's own principals, not a person: "
                    + "it cannot be offboarded, put on leave or brought back by this call");
        }
        return user;
    }

    /** {@code affected} is what the command changed: 0 when it changed nothing (a repeat, or an offboarded user). */
    private TokenResponses.UserStanding standing(UserId user, Integer affected) {
        OwnerStanding now = directory.standing(user);
        return new TokenResponses.UserStanding(user.value(), now.json(), affected == null ? 0 : affected);
    }

    private static Cause cause(TokenRequests.UserAction body, String headerCorrelationId) {
        return body == null
                ? RequestValues.cause(null, null, headerCorrelationId)
                : RequestValues.cause(body.reason(), body.correlationId(), headerCorrelationId);
    }
}

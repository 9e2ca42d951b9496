package org.tokensuite.command.web;

import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tokensuite.api.auth.Caller;
import org.tokensuite.api.command.EndUserLeave;
import org.tokensuite.api.command.OffboardUser;
import org.tokensuite.api.command.StartUserLeave;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.TokenState;
import org.tokensuite.api.value.UserId;
import org.tokensuite.command.auth.Callers;
import org.tokensuite.command.command.OwnerStanding;
import org.tokensuite.command.command.SuspensionReason;
import org.tokensuite.command.user.UserDirectory;

import java.util.EnumSet;
import java.util.Set;

/**
 * Changes of a user's standing (offboarding, leave), called by people and by lifecycle-listener
 * for HR events. Idempotent: the same correlation id twice, or offboarding twice, changes nothing
 * more. The tokens are revoked, suspended or reinstated right after, by the user-policies handler;
 * {@code affectedTokens} says how many.
 */
@RestController
@RequestMapping(path = "/v1/users/{userId}", produces = MediaType.APPLICATION_JSON_VALUE)
public class UserController {

    private static final Scope OFFBOARD = new Scope("users:offboard");
    private static final Scope SUSPEND = new Scope("users:suspend");

    private final CommandGateway commands;
    private final UserDirectory directory;

    public UserController(CommandGateway commands, UserDirectory directory) {
        this.commands = commands;
        this.directory = directory;
    }

    @PostMapping("/offboard")
    public TokenResponses.UserStanding offboard(@PathVariable("userId") String userId,
                                                @RequestBody(required = false) TokenRequests.UserAction body,
                                                @RequestHeader(name = RequestValues.CORRELATION_HEADER, required = false) String correlationId,
                                                HttpServletRequest request) {
        Caller caller = Callers.requireScope(request, OFFBOARD);
        UserId user = RequestValues.userId(userId, "userId");
        int affected = directory.tokens(user, EnumSet.of(TokenState.ACTIVE, TokenState.SUSPENDED)).size();
        commands.sendAndWait(new OffboardUser(user, caller.actor(), cause(body, correlationId)));
        return standing(user, OwnerStanding.OFFBOARDED, affected);
    }

    @PostMapping("/suspend")
    public TokenResponses.UserStanding suspend(@PathVariable("userId") String userId,
                                               @RequestBody(required = false) TokenRequests.UserAction body,
                                               @RequestHeader(name = RequestValues.CORRELATION_HEADER, required = false) String correlationId,
                                               HttpServletRequest request) {
        Caller caller = Callers.requireScope(request, SUSPEND);
        UserId user = RequestValues.userId(userId, "userId");
        int affected = directory.tokens(user, Set.of(TokenState.ACTIVE)).size();
        commands.sendAndWait(new StartUserLeave(user, caller.actor(), cause(body, correlationId)));
        return standing(user, OwnerStanding.ON_LEAVE, affected);
    }

    @PostMapping("/reinstate")
    public TokenResponses.UserStanding reinstate(@PathVariable("userId") String userId,
                                                 @RequestBody(required = false) TokenRequests.UserAction body,
                                                 @RequestHeader(name = RequestValues.CORRELATION_HEADER, required = false) String correlationId,
                                                 HttpServletRequest request) {
        Caller caller = Callers.requireScope(request, SUSPEND);
        UserId user = RequestValues.userId(userId, "userId");
        int affected = directory.suspendedTokens(user, SuspensionReason.LEAVE).size();
        commands.sendAndWait(new EndUserLeave(user, caller.actor(), cause(body, correlationId)));
        return standing(user, OwnerStanding.ACTIVE, affected);
    }

    /** Tokens are affected only when the user ended up where the call wanted (an offboarded user stays so). */
    private TokenResponses.UserStanding standing(UserId user, OwnerStanding wanted, int affected) {
        OwnerStanding now = directory.standing(user);
        return new TokenResponses.UserStanding(user.value(), now.json(), now == wanted ? affected : 0);
    }

    private static Cause cause(TokenRequests.UserAction body, String headerCorrelationId) {
        return body == null
                ? RequestValues.cause(null, null, headerCorrelationId)
                : RequestValues.cause(body.reason(), body.correlationId(), headerCorrelationId);
    }
}

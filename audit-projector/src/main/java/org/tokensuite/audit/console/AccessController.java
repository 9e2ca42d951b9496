package org.tokensuite.audit.console;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.tokensuite.api.value.Scope;
import org.tokensuite.audit.access.AccessQuery;
import org.tokensuite.audit.access.ValidToken;
import org.tokensuite.audit.web.Params;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Access at T: the tokens valid at an instant (optionally holding a scope, or of one owner), rebuilt
 * from the log as the API's {@code /v1/audit/access} does, each with who issued it and how it later ended.
 */
@Hidden
@Controller
public class AccessController {

    /** Issuer and ending cost one read per token; beyond this many rows the page says it stopped. */
    static final int MAX_DETAILED = 200;

    private final AccessQuery access;
    private final TokenFates fates;

    public AccessController(AccessQuery access, TokenFates fates) {
        this.access = access;
        this.fates = fates;
    }

    /** A valid token as shown: what access rebuilt, with its issuer and later end. */
    public record Row(ValidToken token, TokenFates.Fate fate) {
    }

    @GetMapping("/console/access")
    public String access(@RequestParam(required = false) String at, @RequestParam(required = false) String scope,
                         @RequestParam(required = false) String ownerId, Model model) {
        model.addAttribute("at", at == null ? "" : at);
        model.addAttribute("scope", scope == null ? "" : scope);
        model.addAttribute("ownerId", ownerId == null ? "" : ownerId);
        if (at == null || at.isBlank()) {
            model.addAttribute("asked", false);
            model.addAttribute("now", Instant.now().toString());
            return "console/access";
        }
        Instant instant = Params.requiredInstant("at", at.trim());
        Scope wanted = Params.scope(scope == null ? null : scope.trim());
        String owner = Params.ownerId(ownerId == null ? null : ownerId.trim());
        List<ValidToken> valid = access.validAt(instant, wanted, owner);
        List<Row> rows = new ArrayList<>();
        for (ValidToken token : valid) {
            rows.add(new Row(token, rows.size() < MAX_DETAILED ? fates.of(token.tokenId(), instant) : null));
        }
        model.addAttribute("asked", true);
        model.addAttribute("instant", instant);
        model.addAttribute("rows", rows);
        model.addAttribute("cut", rows.size() > MAX_DETAILED);
        return "console/access";
    }
}

package org.tokensuite.example.reports;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** Reading needs {@code reports:read}, writing {@code reports:write}; the answer names who asked. */
@RestController
@RequestMapping("/reports")
class ReportsController {

    @GetMapping
    @PreAuthorize("hasAuthority('SCOPE_reports:read')")
    Map<String, Object> read(@AuthenticationPrincipal OAuth2AuthenticatedPrincipal caller) {
        return Map.of("owner", String.valueOf(caller.getAttributes().get("sub")), "reports", 3);
    }

    @PostMapping
    @PreAuthorize("hasAuthority('SCOPE_reports:write')")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> write(@AuthenticationPrincipal OAuth2AuthenticatedPrincipal caller) {
        return Map.of("owner", String.valueOf(caller.getAttributes().get("sub")), "created", true);
    }
}

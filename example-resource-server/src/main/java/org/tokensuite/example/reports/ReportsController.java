package org.tokensuite.example.reports;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.tokensuite.platform.security.Caller;

import java.util.Map;

/** Reading needs {@code reports:read}, writing {@code reports:write}; the answer names who asked. */
@RestController
@RequestMapping("/reports")
class ReportsController {

    @GetMapping
    @PreAuthorize("hasAuthority('SCOPE_reports:read')")
    Map<String, Object> read(@AuthenticationPrincipal Caller caller) {
        return Map.of("owner", caller.ownerId().value(), "reports", 3);
    }

    @PostMapping
    @PreAuthorize("hasAuthority('SCOPE_reports:write')")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> write(@AuthenticationPrincipal Caller caller) {
        return Map.of("owner", caller.ownerId().value(), "created", true);
    }
}

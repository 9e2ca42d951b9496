package com.example.reports;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tokensuite.platform.security.Caller;
import org.tokensuite.platform.security.TokenScopes;
import org.tokensuite.platform.security.servlet.TokenAccessRules;

import java.util.Map;

/** A team's own service outside the suite: it only takes token-platform and names its introspection URL. */
@SpringBootApplication
public class ReportsApplication {

    @Bean
    TokenAccessRules reportRules() {
        return requests -> requests.requestMatchers(HttpMethod.POST, "/reports").access(TokenScopes.has("reports:write"));
    }

    /** Like many services' advice: every runtime exception becomes a 500. Refusals must still reach Spring Security. */
    @RestControllerAdvice
    static class CatchAll {

        @ExceptionHandler(RuntimeException.class)
        ResponseEntity<String> anything(RuntimeException e) {
            return ResponseEntity.internalServerError().body("unexpected");
        }
    }

    @RestController
    static class Reports {

        @GetMapping("/reports")
        @PreAuthorize("hasAuthority('SCOPE_reports:read')")
        Map<String, String> reports(@AuthenticationPrincipal Caller caller) {
            return Map.of("tokenId", caller.tokenId().value(), "owner", caller.ownerId().value());
        }

        @PostMapping("/reports")
        Map<String, String> write(@AuthenticationPrincipal Caller caller) {
            return Map.of("writtenBy", caller.ownerId().value());
        }
    }
}

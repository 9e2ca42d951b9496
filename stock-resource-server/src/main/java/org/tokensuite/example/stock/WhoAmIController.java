package org.tokensuite.example.stock;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** Echoes what Spring Security made of the introspection answer: the subject and the granted scopes. */
@RestController
class WhoAmIController {

    @GetMapping("/whoami")
    Map<String, Object> whoAmI(@AuthenticationPrincipal OAuth2AuthenticatedPrincipal principal) {
        return Map.of(
                "subject", principal.getName(),
                "authorities", principal.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList());
    }
}

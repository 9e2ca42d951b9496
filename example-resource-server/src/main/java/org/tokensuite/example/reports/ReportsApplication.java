package org.tokensuite.example.reports;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/** A reports service of another team: it trusts suite tokens and checks their scopes, nothing more. */
@SpringBootApplication
@EnableMethodSecurity
public class ReportsApplication {

    public static void main(String[] args) {
        SpringApplication.run(ReportsApplication.class, args);
    }
}

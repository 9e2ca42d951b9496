package org.tokensuite.example.stock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * No security configuration on purpose: Spring Boot's own opaque-token resource server, built from
 * {@code spring.security.oauth2.resourceserver.opaquetoken.*}, guards every endpoint.
 */
@SpringBootApplication
public class StockApplication {

    public static void main(String[] args) {
        SpringApplication.run(StockApplication.class, args);
    }
}

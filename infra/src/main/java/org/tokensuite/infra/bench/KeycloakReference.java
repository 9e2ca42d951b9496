package org.tokensuite.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.tokensuite.infra.Databases;
import org.tokensuite.infra.Ports;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The reference the targets are relative to: Keycloak's RFC 7662 introspection, measured with the
 * same load tool, connections and token mix in the same run. Keycloak (the Maven Central
 * distribution zip) runs in production mode ({@code start}, HTTP on 127.0.0.1, local cache) on the
 * Temurin 25 JDK over a fresh PostgreSQL database, with its default heap (-Xmx512m outside a
 * container, as the suite's services). A realm, a confidential client with a service account and an
 * audience mapper (Keycloak 26 introspects only for a client in the token's audience), then
 * client-credentials access tokens. Everything it started is stopped and dropped at the end.
 */
final class KeycloakReference implements AutoCloseable {

    static final String VERSION = "26.7.3";
    private static final String REALM = "bench";
    private static final String CLIENT = "bench-api";

    private final Path home;
    private final Path zip;
    private final Path javaHome;
    private final Databases databases;
    private final Path logFile;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String database = "bench_kc_" + UUID.randomUUID().toString().substring(0, 8);
    private final String adminPassword = secret();
    private final String clientSecret = secret();
    private Process process;
    private boolean databaseDropped;
    private URI base;
    private List<String> bodies;

    KeycloakReference(Path benchDirectory, Path zip, Path javaHome, Databases databases) {
        this.home = benchDirectory.resolve("keycloak").resolve("keycloak-" + VERSION);
        this.zip = zip;
        this.javaHome = javaHome;
        this.databases = databases;
        this.logFile = benchDirectory.resolve("keycloak.log");
    }

    /** Why it cannot run here, or null when it can. */
    String unavailableReason() {
        if (!Files.isRegularFile(zip) && !Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            return "distribution zip not found at " + zip;
        }
        if (!Files.isExecutable(javaHome.resolve("bin/java"))) {
            return "no JDK at " + javaHome;
        }
        return null;
    }

    /**
     * Starts Keycloak and sets up the realm, client and tokens; it then idles (a few threads, little
     * CPU) until {@link #measure}, so that Keycloak and token-query are measured back to back.
     */
    void prepare() throws Exception {
        unpack();
        start(Duration.ofMinutes(6));
        String admin = adminToken();
        createRealmAndClient(admin);
        bodies = tokenBodies(180, 20);
    }

    WrkLoad.Result measure(WrkLoad load, int connections, Duration warmUp, Duration duration) throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString((CLIENT + ":" + clientSecret)
                .getBytes(StandardCharsets.UTF_8));
        return load.run("keycloak", base, "/realms/" + REALM + "/protocol/openid-connect/token/introspect", basic,
                bodies, connections, warmUp, duration, process.pid());
    }

    private void unpack() throws IOException, InterruptedException {
        if (Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            return;
        }
        Files.createDirectories(home.getParent());
        Process unzip = new ProcessBuilder("unzip", "-q", "-o", zip.toString(), "-d", home.getParent().toString())
                .inheritIO().start();
        if (unzip.waitFor() != 0) {
            throw new IllegalStateException("unzip of " + zip + " failed");
        }
    }

    private void start(Duration timeout) throws IOException, InterruptedException {
        databases.createIfMissing(database);
        int port = Ports.free();
        int management = Ports.free();
        base = URI.create("http://127.0.0.1:" + port);
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("bin/kc.sh").toString(), "start",
                "--http-enabled=true", "--http-host=127.0.0.1", "--http-port=" + port,
                "--http-management-port=" + management, "--hostname-strict=false", "--cache=local",
                "--db=postgres", "--db-url=" + databases.urlOf(database), "--db-username=" + databases.user()));
        if (!databases.password().isEmpty()) {
            command.add("--db-password=" + databases.password());
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        System.out.printf("[bench] starting Keycloak %s on %s (log %s)%n", VERSION, base, logFile);
        process = builder.start();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + " (see " + logFile + ")");
            }
            try {
                if (http.send(HttpRequest.newBuilder(base.resolve("/realms/master")).timeout(Duration.ofSeconds(3)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    System.out.printf("[bench] Keycloak answers%n");
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("Keycloak did not answer within " + timeout.toMinutes() + " min (see " + logFile + ")");
    }

    private String adminToken() throws IOException, InterruptedException {
        return form(base.resolve("/realms/master/protocol/openid-connect/token"), null,
                "grant_type=password&client_id=admin-cli&username=admin&password=" + adminPassword)
                .get("access_token").asText();
    }

    private void createRealmAndClient(String admin) throws IOException, InterruptedException {
        json(base.resolve("/admin/realms"), admin, Map.of("realm", REALM, "enabled", true,
                "accessTokenLifespan", 3600));
        json(base.resolve("/admin/realms/" + REALM + "/clients"), admin, Map.of(
                "clientId", CLIENT, "enabled", true, "publicClient", false, "secret", clientSecret,
                "clientAuthenticatorType", "client-secret", "serviceAccountsEnabled", true,
                "standardFlowEnabled", false, "directAccessGrantsEnabled", false,
                "protocolMappers", List.of(Map.of("name", "audience", "protocol", "openid-connect",
                        "protocolMapper", "oidc-audience-mapper",
                        "config", Map.of("included.client.audience", CLIENT, "access.token.claim", "true",
                                "id.token.claim", "false", "introspection.token.claim", "true")))));
    }

    /** {@code valid} fresh access tokens (checked active) and {@code invalid} ones: tampered signatures and junk. */
    private List<String> tokenBodies(int valid, int invalid) throws IOException, InterruptedException {
        List<String> tokens = new ArrayList<>();
        String basic = "Basic " + Base64.getEncoder().encodeToString((CLIENT + ":" + clientSecret)
                .getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < valid; i++) {
            tokens.add(form(base.resolve("/realms/" + REALM + "/protocol/openid-connect/token"), basic,
                    "grant_type=client_credentials").get("access_token").asText());
        }
        JsonNode check = form(base.resolve("/realms/" + REALM + "/protocol/openid-connect/token/introspect"), basic,
                "token=" + tokens.get(0));
        if (!check.path("active").asBoolean()) {
            throw new IllegalStateException("Keycloak says a fresh access token is inactive: " + check);
        }
        List<String> bodies = new ArrayList<>();
        tokens.forEach(t -> bodies.add("token=" + t));
        for (int i = 0; i < invalid; i++) {
            String t = tokens.get(i);
            bodies.add("token=" + (i % 2 == 0
                    ? t.substring(0, t.length() - 6) + (t.endsWith("AAAAAA") ? "BBBBBB" : "AAAAAA") // bad signature
                    : secret())); // not a JWT at all
        }
        Collections.shuffle(bodies, new SecureRandom());
        return bodies;
    }

    private JsonNode form(URI uri, String authorization, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri.getPath() + " answered " + response.statusCode() + ": " + response.body());
        }
        return Results.JSON.readTree(response.body());
    }

    private void json(URI uri, String bearer, Object body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Results.JSON.writeValueAsBytes(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(uri.getPath() + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** Stops Keycloak (and waits for it) and drops its database. */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
            tree.add(process.toHandle());
            tree.forEach(ProcessHandle::destroy);
            for (ProcessHandle h : tree) {
                try {
                    h.onExit().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    h.destroyForcibly();
                }
            }
            System.out.printf("[bench] Keycloak stopped%n");
        }
        if (databaseDropped) {
            return;
        }
        databaseDropped = true;
        try {
            databases.drop(database);
        } catch (RuntimeException e) {
            System.out.printf("[bench] could not drop %s: %s%n", database, e.getMessage());
        }
    }

    private static String secret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

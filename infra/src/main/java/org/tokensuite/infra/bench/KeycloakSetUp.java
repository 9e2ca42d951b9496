package org.tokensuite.infra.bench;

import java.nio.file.Path;

/**
 * Step {@code keycloak}: starts and sets up the reference Keycloak before the suite starts; it then
 * idles until the introspection step measures it right before token-query. Why it is not there (not
 * selected, switched off, not installed, failed to start) is kept for the introspection rows; this
 * step itself reports nothing.
 */
final class KeycloakSetUp implements BenchmarkStep {

    private final Path benchRoot;

    KeycloakSetUp(Path benchRoot) {
        this.benchRoot = benchRoot;
    }

    @Override
    public String name() {
        return "keycloak";
    }

    @Override
    public Figure figure(BenchmarkContext context) {
        return new Figure("reference: Keycloak " + KeycloakReference.VERSION + " introspection", "–");
    }

    @Override
    public void skipped(BenchmarkContext context) {
        context.keycloakWhyNot = "skipped (BENCH_ONLY)";
    }

    @Override
    public void run(BenchmarkContext context) {
        if (!Boolean.parseBoolean(Benchmark.env("BENCH_KEYCLOAK", "true"))) {
            context.keycloakWhyNot = "skipped (BENCH_KEYCLOAK=false)";
            return;
        }
        Path zip = Path.of(Benchmark.env("KEYCLOAK_ZIP", System.getProperty("user.home")
                + "/.m2/repository/org/keycloak/keycloak-quarkus-dist/" + KeycloakReference.VERSION
                + "/keycloak-quarkus-dist-" + KeycloakReference.VERSION + ".zip"));
        KeycloakReference keycloak = new KeycloakReference(benchRoot, zip,
                Path.of(Benchmark.env("KEYCLOAK_JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")), context.databases());
        String whyNot = keycloak.unavailableReason();
        if (whyNot == null) {
            Runtime.getRuntime().addShutdownHook(new Thread(keycloak::close));
            try {
                keycloak.prepare();
            } catch (Exception e) {
                whyNot = e.getMessage();
                keycloak.close();
            }
        }
        context.keycloakWhyNot = whyNot;
        context.keycloak = whyNot == null ? keycloak : null;
    }
}

package org.tokensuite.infra;

import java.util.List;

/**
 * {@code ./run-suite.sh}: starts Kafka and the four services, prints where they answer and the
 * bootstrap admin token, and runs until Ctrl-C (SIGINT) or SIGTERM, then stops everything.
 * Builds nothing: the services' exec jars must exist.
 *
 * <pre>
 * options:  --reset               drop the suite's databases and Kafka data first (a fresh, empty suite)
 *           --no-lifecycle-token  start lifecycle-listener without its command token
 *           --query-instances 2   a second token-query instance (port 8085); callers fail over between them
 *           --command-instances 2 a second token-command instance (port 8086, same event store);
 *                                 lifecycle-listener fails over between them
 *                                 (also TOKENS_SKIP_LIFECYCLE_TOKEN=true)
 *           --kafka-plaintext     run Kafka WITHOUT authentication and ACLs (by default: SASL/SCRAM-SHA-512,
 *                                 one principal per service, least-privilege ACLs)
 * </pre>
 */
public final class SuiteLauncher {

    private SuiteLauncher() {
    }

    public static void main(String[] args) throws InterruptedException {
        // The launcher's own Kafka admin client logs through slf4j-simple: keep the terminal for the user.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka",
                System.getProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error"));
        List<String> arguments = new java.util.ArrayList<>();
        int queryInstances = 1;
        int commandInstances = 1;
        for (int i = 0; i < args.length; i++) {
            String argument = args[i];
            String option = argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument;
            if (option.equals("--query-instances") || option.equals("--command-instances")) {
                String value = argument.contains("=") ? argument.substring(argument.indexOf('=') + 1)
                        : (i + 1 < args.length ? args[++i] : "");
                if (!value.equals("1") && !value.equals("2")) {
                    System.err.println(option + " takes 1 or 2");
                    usage();
                    System.exit(2);
                }
                if (option.equals("--query-instances")) {
                    queryInstances = Integer.parseInt(value);
                } else {
                    commandInstances = Integer.parseInt(value);
                }
            } else if (List.of("--reset", "--no-lifecycle-token", "--kafka-plaintext", "--help", "-h").contains(argument)) {
                arguments.add(argument);
            } else {
                System.err.println("unknown option " + argument);
                usage();
                System.exit(2);
            }
        }
        if (arguments.contains("--help") || arguments.contains("-h")) {
            usage();
            return;
        }
        SuiteOptions options = SuiteOptions.local(SuiteOptions.findRoot()).queryInstances(queryInstances)
                .commandInstances(commandInstances);
        if (arguments.contains("--no-lifecycle-token")
                || "true".equalsIgnoreCase(System.getenv("TOKENS_SKIP_LIFECYCLE_TOKEN"))) {
            options.issueLifecycleToken(false);
        }
        if (arguments.contains("--kafka-plaintext")) {
            options.kafkaPlaintext(true);
        }
        if (arguments.contains("--reset")) {
            Suite.reset(options);
        }

        // Holder so the shutdown hook sees the suite while it is still starting.
        Suite[] running = new Suite[1];
        Object lock = new Object();
        Thread hook = new Thread(() -> {
            Suite suite;
            synchronized (lock) {
                suite = running[0];
            }
            if (suite != null) {
                suite.close();
            }
        }, "suite-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        Suite suite;
        try {
            suite = Suite.start(options, created -> {
                synchronized (lock) {
                    running[0] = created;
                }
            });
        } catch (RuntimeException | LinkageError e) {
            System.err.println();
            System.err.println("The suite did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        printSummary(suite);

        while (true) {
            Thread.sleep(1000);
            var exited = suite.exitedProcess();
            if (exited.isPresent()) {
                System.err.println(exited.get() + " exited on its own; see " + suite.logDirectory()
                        + ". Stopping the suite.");
                System.exit(1);
            }
        }
    }

    private static void printSummary(Suite suite) {
        StringBuilder out = new StringBuilder();
        out.append("\nThe token suite is up.\n\n");
        for (Service service : suite.options().services()) {
            out.append(String.format("  %-20s %s%n", service.instanceName(), suite.url(service)));
        }
        out.append(String.format("  %-20s %s%s%n", "kafka", suite.kafkaBootstrapServers(),
                suite.kafkaSecured() ? " (SASL_PLAINTEXT, SCRAM-SHA-512)" : " (PLAINTEXT: no authentication, no ACLs)"));
        out.append(String.format("  %-20s %s%n", "logs", suite.logDirectory()));
        out.append("\nBootstrap admin token (scope tokens:admin; kept in run/admin-token, keep it secret):\n\n  ")
                .append(suite.adminToken()).append("\n\n");
        if (suite.kafkaSecured()) {
            out.append("HR systems publish to hr.employee-events as Kafka user ")
                    .append(KafkaPrincipal.HR_PUBLISHER.username()).append(" (SCRAM-SHA-512); its password is in\n\n  ")
                    .append(suite.kafkaPasswordFile(KafkaPrincipal.HR_PUBLISHER)).append("\n\n")
                    .append("Every principal's password is in ").append(suite.kafkaPasswordFile(KafkaPrincipal.ADMIN).getParent())
                    .append(" (").append(KafkaPrincipal.ADMIN.username()).append(" is the operator's super user).\n\n");
        }
        out.append("Try:  curl -s -H 'Authorization: Bearer <token>' -d token=<token> ")
                .append(suite.url(Service.TOKEN_QUERY)).append("/v1/introspect\n");
        out.append("Ctrl-C stops everything.\n");
        System.out.println(out);
        System.out.flush();
    }

    private static void usage() {
        System.err.println("""
                usage: run-suite.sh [--reset] [--no-lifecycle-token] [--query-instances 1|2] [--command-instances 1|2]
                                    [--kafka-plaintext]
                  --reset               drop the suite's databases and Kafka data first
                  --no-lifecycle-token  start lifecycle-listener without its command token
                  --query-instances 2   run a second token-query (port 8085, same database); every
                                        service then fails over between the two for verification
                  --command-instances 2 run a second token-command (port 8086, same event store);
                                        lifecycle-listener fails over between the two
                  --kafka-plaintext     run Kafka without authentication and ACLs (anyone who reaches
                                        the broker can write token events); secured by default
                environment: TOKENS_DB_URL, TOKENS_DB_USER, TOKENS_DB_PASSWORD (PostgreSQL server),
                             TOKENS_BOOTSTRAP_ADMIN_TOKEN (use this admin token), TOKENS_SKIP_LIFECYCLE_TOKEN""");
    }
}

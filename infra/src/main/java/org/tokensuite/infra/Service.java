package org.tokensuite.infra;

/**
 * The suite's processes: the four services, plus an optional second token-query instance (same
 * jar and database) so that verification survives the loss of one, and an optional second
 * token-command instance (same jar and event store) so that commands do; with their default ports
 * and the suffix of their database name.
 */
public enum Service {
    TOKEN_COMMAND("token-command", 8081, "command", "token-command"),
    TOKEN_QUERY("token-query", 8082, "query", "token-query"),
    AUDIT_PROJECTOR("audit-projector", 8083, "audit", "audit-projector"),
    LIFECYCLE_LISTENER("lifecycle-listener", 8084, "lifecycle", "lifecycle-listener"),
    /** The second token-query instance, started only with {@code --query-instances 2}. */
    TOKEN_QUERY_2("token-query", 8085, "query", "token-query-2"),
    /** The second token-command instance, started only with {@code --command-instances 2}. */
    TOKEN_COMMAND_2("token-command", 8086, "command", "token-command-2");

    private final String module;
    private final int defaultPort;
    private final String databaseSuffix;
    private final String instanceName;

    Service(String module, int defaultPort, String databaseSuffix, String instanceName) {
        this.module = module;
        this.defaultPort = defaultPort;
        this.databaseSuffix = databaseSuffix;
        this.instanceName = instanceName;
    }

    /** The Maven module whose exec jar this process runs. */
    public String module() {
        return module;
    }

    /** The name of its process and log file ({@code token-query-2} for the second token-query). */
    public String instanceName() {
        return instanceName;
    }

    /** The token-command instances: lifecycle-listener (and any client) sends commands to any of them. */
    public boolean isTokenCommand() {
        return module.equals("token-command");
    }

    /** The token-query instances: every service authenticates its callers at any of them. */
    public boolean isTokenQuery() {
        return module.equals("token-query");
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** Appended to the database prefix: {@code tokens_} + {@code command} = {@code tokens_command}. */
    public String databaseSuffix() {
        return databaseSuffix;
    }

    /** {@code <module>/target/<module>-0.1.0-SNAPSHOT-exec.jar}, the Spring Boot executable jar. */
    public String execJarName(String version) {
        return module + "-" + version + "-exec.jar";
    }
}

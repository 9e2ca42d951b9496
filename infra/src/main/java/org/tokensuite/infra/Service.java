package org.tokensuite.infra;

/** The suite's four services, with their default ports and the suffix of their database name. */
public enum Service {
    TOKEN_COMMAND("token-command", 8081, "command"),
    TOKEN_QUERY("token-query", 8082, "query"),
    AUDIT_PROJECTOR("audit-projector", 8083, "audit"),
    LIFECYCLE_LISTENER("lifecycle-listener", 8084, "lifecycle");

    private final String module;
    private final int defaultPort;
    private final String databaseSuffix;

    Service(String module, int defaultPort, String databaseSuffix) {
        this.module = module;
        this.defaultPort = defaultPort;
        this.databaseSuffix = databaseSuffix;
    }

    /** The Maven module, also the name of its log file and of its process. */
    public String module() {
        return module;
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

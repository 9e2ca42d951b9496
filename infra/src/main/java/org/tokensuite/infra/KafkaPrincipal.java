package org.tokensuite.infra;

/**
 * Who may talk to the suite's broker (SASL/SCRAM-SHA-512 user names): one principal per service,
 * {@code hr-publisher} for HR systems, and the operator's {@code suite-admin} (a Kafka super user:
 * the launcher creates topics and ACLs with it; tests and the benchmark read topics with it and, in
 * place of token-command's writer, put records on {@code token-events}). What each may do is
 * {@link KafkaAcls}.
 */
public enum KafkaPrincipal {
    ADMIN("suite-admin"),
    TOKEN_COMMAND("token-command"),
    TOKEN_QUERY("token-query"),
    AUDIT_PROJECTOR("audit-projector"),
    LIFECYCLE_LISTENER("lifecycle-listener"),
    HR_PUBLISHER("hr-publisher");

    private final String username;

    KafkaPrincipal(String username) {
        this.username = username;
    }

    /** The SCRAM user name, and the name of its password file. */
    public String username() {
        return username;
    }

    /** {@code User:<name>}, as ACLs name it. */
    public String principal() {
        return "User:" + username;
    }

    /** The principal a service's process authenticates as (both instances of token-query, or of token-command, share one). */
    public static KafkaPrincipal of(Service service) {
        return switch (service) {
            case TOKEN_COMMAND, TOKEN_COMMAND_2 -> TOKEN_COMMAND;
            case TOKEN_QUERY, TOKEN_QUERY_2 -> TOKEN_QUERY;
            case AUDIT_PROJECTOR -> AUDIT_PROJECTOR;
            case LIFECYCLE_LISTENER -> LIFECYCLE_LISTENER;
        };
    }
}

package org.tokensuite.infra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The services' databases on PostgreSQL: made (with each one's own roles) before the services start,
 * and, when the options say so, dropped on close: only those this run created, never a developer's own.
 */
final class SuiteDatabases {

    private final SuiteOptions options;
    private final Path secrets;
    private final Set<String> created = new LinkedHashSet<>();
    /** Each service database's own roles (owner, app). */
    private final Map<String, DatabaseRoles.Grant> grants = new HashMap<>();

    SuiteDatabases(SuiteOptions options, Path secrets) {
        this.options = options;
        this.secrets = secrets;
    }

    /** Drops the suite's databases and their roles ({@code --reset}); the suite must not be running. */
    static void drop(SuiteOptions options) {
        Databases databases = options.databases();
        databases.ensureRunning(Duration.ofSeconds(30));
        DatabaseRoles roles = new DatabaseRoles(databases);
        for (Service service : options.services()) {
            databases.drop(options.databaseName(service));
            roles.drop(service, options.databaseName(service));
        }
    }

    /** Starts PostgreSQL if it is local and down, creates what is missing and prepares every service's roles. */
    void prepare() {
        Databases databases = options.databases();
        databases.ensureRunning(Duration.ofSeconds(60));
        DatabaseRoles roles = new DatabaseRoles(databases);
        for (Service service : options.services()) {
            String name = options.databaseName(service);
            if (databases.createIfMissing(name)) {
                created.add(name);
            }
            if (!grants.containsKey(name)) {
                grants.put(name, roles.prepare(service, name, secrets));
            }
        }
    }

    /** The roles the service works with in its database, and where their passwords are kept. */
    DatabaseRoles.Grant grant(Service service) {
        return grants.get(options.databaseName(service));
    }

    boolean createdByThisRun(Service service) {
        return created.contains(options.databaseName(service));
    }

    /** Whether every database of the suite was created by this run (nothing earlier to keep in step with). */
    boolean allNew() {
        return created.size() == options.services().stream().map(options::databaseName).distinct().count();
    }

    /** Drops the databases (and roles) this run created, if the options say so; reports what it cannot drop. */
    void dropCreated() {
        if (!options.dropDatabasesOnClose()) {
            return;
        }
        for (String database : created) {
            try {
                options.databases().drop(database);
            } catch (RuntimeException e) {
                Console.info("could not drop database %s: %s", database, e.getMessage());
            }
        }
        DatabaseRoles roles = new DatabaseRoles(options.databases());
        for (Service service : options.services()) {
            if (createdByThisRun(service)) {
                try {
                    roles.drop(service, options.databaseName(service));
                } catch (RuntimeException e) {
                    Console.info("could not drop the roles of %s: %s", options.databaseName(service), e.getMessage());
                }
            }
        }
    }
}

package org.tokensuite.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Least privilege in PostgreSQL: each service's database gets two roles of its own, none a
 * superuser. {@code <db>_owner} owns the database and its schema and runs the Flyway migrations;
 * {@code <db>_app} is what the service works as: data access on its tables, nothing else (it cannot
 * alter, drop or own anything). audit-projector's app role gets no rights of its own at all, only
 * membership of {@code <db>_writer}, to which the migrations grant INSERT and SELECT on the audit
 * log: it can neither change history nor disable the triggers that guard it, nor become anything
 * stronger. Passwords are generated, kept in files (mode 600) and handed to the service as a
 * Spring config tree (a folder of files), never in its environment.
 */
public final class DatabaseRoles {

    /** What a service is given: the roles, and the folder whose files hold their passwords. */
    public record Grant(String owner, String app, String writer, Path secrets) {

        /** The service's environment: role names and where the passwords are; never a password. */
        public Map<String, String> environment() {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("SPRING_DATASOURCE_USERNAME", app);
            env.put("SPRING_FLYWAY_USER", owner);
            env.put("SPRING_CONFIG_IMPORT", "optional:configtree:" + secrets + "/");
            if (writer != null) {
                env.put("AUDIT_DB_WRITER_ROLE", writer);
            }
            return env;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Databases databases;

    public DatabaseRoles(Databases databases) {
        this.databases = databases;
    }

    /**
     * Makes the roles of {@code database} (the one {@code service} uses), gives it to its owner role and
     * sets the app role's rights. Idempotent: an existing role keeps its name and gets the kept (or a
     * new) password; objects an earlier, superuser-run version of the suite created pass to the owner.
     */
    public Grant prepare(Service service, String database, Path secretsDirectory) {
        String owner = database + "_owner";
        String app = database + "_app";
        boolean audit = service == Service.AUDIT_PROJECTOR;
        String writer = audit ? database + "_writer" : null;
        Path secrets = secretsDirectory.resolve(service.databaseSuffix());
        String ownerPassword = password(secrets.resolve("spring.flyway.password"));
        String appPassword = password(secrets.resolve("spring.datasource.password"));

        databases.executeAsAdmin(loginRole(owner, ownerPassword), loginRole(app, appPassword),
                audit ? nologinRole(writer) : "SELECT 1",
                audit ? "GRANT " + writer + " TO " + app : "SELECT 1",
                // The migrations grant the writer its rights and check that their runner is a member.
                audit ? "GRANT " + writer + " TO " + owner : "SELECT 1",
                "ALTER DATABASE " + database + " OWNER TO " + owner,
                "REVOKE ALL ON DATABASE " + database + " FROM PUBLIC",
                "GRANT CONNECT, TEMPORARY ON DATABASE " + database + " TO " + app);

        StringBuilder inDatabase = new StringBuilder();
        inDatabase.append(takeOverExistingObjects(owner));
        inDatabase.append("ALTER SCHEMA public OWNER TO ").append(owner).append(";\n");
        inDatabase.append("REVOKE ALL ON SCHEMA public FROM PUBLIC;\n");
        inDatabase.append("GRANT USAGE ON SCHEMA public TO ").append(app).append(";\n");
        if (!audit) {
            // token-query rebuilds its view with TRUNCATE; the others never need more than row access.
            String tableRights = service.isTokenQuery() ? "SELECT, INSERT, UPDATE, DELETE, TRUNCATE" : "SELECT, INSERT, UPDATE, DELETE";
            inDatabase.append("ALTER DEFAULT PRIVILEGES FOR ROLE ").append(owner).append(" IN SCHEMA public GRANT ")
                    .append(tableRights).append(" ON TABLES TO ").append(app).append(";\n");
            inDatabase.append("ALTER DEFAULT PRIVILEGES FOR ROLE ").append(owner)
                    .append(" IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ").append(app).append(";\n");
            inDatabase.append("GRANT ").append(tableRights).append(" ON ALL TABLES IN SCHEMA public TO ").append(app).append(";\n");
            inDatabase.append("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ").append(app).append(";\n");
        }
        databases.executeIn(database, inDatabase.toString());
        return new Grant(owner, app, writer, secrets);
    }

    /** Drops the roles of {@code database} (after the database itself is gone). */
    public void drop(Service service, String database) {
        String writer = service == Service.AUDIT_PROJECTOR ? database + "_writer" : null;
        databases.executeAsAdmin("DROP ROLE IF EXISTS " + database + "_app", "DROP ROLE IF EXISTS " + database + "_owner",
                writer == null ? "SELECT 1" : "DROP ROLE IF EXISTS " + writer);
    }

    /** Tables, sequences, views and functions in {@code public} not yet owned by {@code owner} pass to it. */
    private static String takeOverExistingObjects(String owner) {
        return """
                DO $$
                DECLARE r record;
                BEGIN
                    FOR r IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                             WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
                               AND pg_get_userbyid(c.relowner) <> '%1$s'
                               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))
                    LOOP
                        EXECUTE format('ALTER %%s public.%%I OWNER TO %%I',
                            CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
                            r.relname, '%1$s');
                    END LOOP;
                    FOR r IN SELECT p.oid::regprocedure AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                             WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> '%1$s'
                    LOOP
                        EXECUTE format('ALTER FUNCTION %%s OWNER TO %%I', r.signature, '%1$s');
                    END LOOP;
                END
                $$;
                """.formatted(owner);
    }

    private static String loginRole(String role, String password) {
        return """
                DO $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%1$s') THEN
                        ALTER ROLE %1$s WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '%2$s';
                    ELSE
                        CREATE ROLE %1$s WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '%2$s';
                    END IF;
                END
                $$""".formatted(role, password);
    }

    private static String nologinRole(String role) {
        return """
                DO $$
                BEGIN
                    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%1$s') THEN
                        CREATE ROLE %1$s NOLOGIN;
                    END IF;
                END
                $$""".formatted(role);
    }

    /** The password kept in {@code file}, or a new one written there (mode 600). Only URL-safe base64: safe in SQL. */
    private static String password(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                String kept = Files.readString(file).trim();
                if (kept.matches("[A-Za-z0-9_-]{32,}")) {
                    return kept;
                }
            }
            byte[] bytes = new byte[24];
            RANDOM.nextBytes(bytes);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            PrivateFile.write(file, password);
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

-- One database per service (each service's Flyway migrations make its schema).
CREATE DATABASE tokens_command;
CREATE DATABASE tokens_query;
CREATE DATABASE tokens_audit;
CREATE DATABASE tokens_lifecycle;

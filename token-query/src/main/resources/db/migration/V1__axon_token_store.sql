-- Axon's JDBC token store (default TokenSchema names): the token-view processor's position on
-- the Kafka topic, committed in the same transaction as the view rows it produced.
CREATE TABLE tokenentry (
    processorname VARCHAR(255) NOT NULL,
    segment       INTEGER      NOT NULL,
    token         BYTEA,
    tokentype     VARCHAR(255),
    timestamp     VARCHAR(255),
    owner         VARCHAR(255),
    PRIMARY KEY (processorname, segment)
);

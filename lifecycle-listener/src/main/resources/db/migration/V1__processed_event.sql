-- HR events the listener has applied, so a replayed or duplicated event id has no second effect.
CREATE TABLE processed_event (
    id           VARCHAR(200) PRIMARY KEY,
    type         VARCHAR(100) NOT NULL,
    subject      VARCHAR(128) NOT NULL,
    processed_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- Who may still be issued tokens, and which tokens each user holds. Maintained by a subscribing
-- event handler in the same transaction as the event append, so the issue and offboarding paths
-- (both serialised by an advisory lock on the owner id) always see each other's outcome.
CREATE TABLE users (
    user_id    VARCHAR(128) NOT NULL PRIMARY KEY,
    status     VARCHAR(16)  NOT NULL CHECK (status IN ('active', 'on_leave', 'offboarded')),
    updated_at TIMESTAMPTZ  NOT NULL
);

CREATE TABLE user_tokens (
    user_id  VARCHAR(128) NOT NULL,
    token_id VARCHAR(64)  NOT NULL PRIMARY KEY,
    state    VARCHAR(16)  NOT NULL CHECK (state IN ('active', 'suspended', 'revoked', 'expired'))
);

CREATE INDEX user_tokens_by_user ON user_tokens (user_id, state);

-- db-scheduler 16's table for the persistent deadline manager (token expiry and rotation schedules).
CREATE TABLE scheduled_tasks (
    task_name            TEXT                     NOT NULL,
    task_instance        TEXT                     NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN                  NOT NULL,
    picked_by            TEXT,
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT                   NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);

CREATE INDEX scheduled_tasks_execution_time ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_execution_time ON scheduled_tasks (priority DESC, execution_time ASC);

-- People an identity provider manages over SCIM (POST /scim/v2/Users). Only the record: no token
-- is created for them. user_name is the SCIM id and the suite owner id of the person's tokens, so
-- it never changes; SCIM compares userName without case, hence the unique index on lower().
CREATE TABLE scim_user (
    user_name      VARCHAR(128) PRIMARY KEY,
    external_id    VARCHAR(256),
    active         BOOLEAN      NOT NULL,
    display_name   VARCHAR(256),
    given_name     VARCHAR(256),
    family_name    VARCHAR(256),
    formatted_name VARCHAR(256),
    emails         JSONB        NOT NULL DEFAULT '[]',
    version        BIGINT       NOT NULL,
    created        TIMESTAMPTZ  NOT NULL,
    last_modified  TIMESTAMPTZ  NOT NULL
);
CREATE UNIQUE INDEX scim_user_user_name_folded ON scim_user (lower(user_name));
CREATE INDEX scim_user_external_id ON scim_user (external_id);

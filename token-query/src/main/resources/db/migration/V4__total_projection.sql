-- The view projects every event, whatever its text (events written before the input rules existed
-- included): text columns lose their length limits, and no B-tree or GIN entry holds unbounded text
-- (an entry over ~2.7 kB cannot be indexed and would stop the processor). Keys are unique by their
-- MD5 and found through hash indexes, which store only a hash of the value.
ALTER TABLE tokens DROP CONSTRAINT tokens_pkey;
DROP INDEX tokens_owner_idx;
DROP INDEX tokens_scopes_idx;
ALTER TABLE tokens
    ALTER COLUMN token_id TYPE TEXT,
    ALTER COLUMN owner_id TYPE TEXT,
    ALTER COLUMN name TYPE TEXT,
    ALTER COLUMN hint TYPE TEXT,
    ALTER COLUMN secret_hash TYPE TEXT,
    ALTER COLUMN secret_hash DROP NOT NULL,
    ALTER COLUMN previous_secret_hash TYPE TEXT,
    ALTER COLUMN rotation_every TYPE TEXT,
    ALTER COLUMN rotation_overlap TYPE TEXT;
CREATE UNIQUE INDEX tokens_token_id_key ON tokens (md5(token_id));
CREATE INDEX tokens_token_id_idx ON tokens USING hash (token_id);
CREATE INDEX tokens_owner_idx ON tokens USING hash (owner_id);
-- The scope filter's index: the token's scopes short enough to be scopes at all (a longer value can
-- match no valid scope); the scopes column itself keeps every value for display.
ALTER TABLE tokens ADD COLUMN scope_index TEXT[] NOT NULL DEFAULT '{}';
UPDATE tokens SET scope_index = scopes;
CREATE INDEX tokens_scope_index_idx ON tokens USING GIN (scope_index);

ALTER TABLE users DROP CONSTRAINT users_pkey;
ALTER TABLE users ALTER COLUMN user_id TYPE TEXT;
CREATE UNIQUE INDEX users_user_id_key ON users (md5(user_id));
CREATE INDEX users_user_id_idx ON users USING hash (user_id);

-- The token's version an entry records: the sequence number of a token's own event within that token
-- (what token-command answers as X-Token-Version). A reader sending X-Not-Older-Than waits until the log
-- holds that version. NULL for every other entry (signals, user and catalogue events) and for entries
-- recorded before this column existed. Not part of the chain's hash: it says when to read, not what happened.
ALTER TABLE audit_entry ADD COLUMN token_version BIGINT;

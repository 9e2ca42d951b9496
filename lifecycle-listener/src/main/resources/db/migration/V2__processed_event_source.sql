-- Which HR system said so: CloudEvents ids are only unique per source, so keep it for forensics.
-- Null for events applied before this column existed.
ALTER TABLE processed_event ADD COLUMN source VARCHAR(512);

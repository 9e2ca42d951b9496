-- Why a suspended token is suspended: 'leave' (undone when the owner's leave ends) or
-- 'investigation' (an anomaly rule or an operator; undone only by an explicit reinstatement).
ALTER TABLE user_tokens ADD COLUMN suspended_for VARCHAR(16) CHECK (suspended_for IN ('leave', 'investigation'));

-- Until now only a leave suspended tokens.
UPDATE user_tokens SET suspended_for = 'leave' WHERE state = 'suspended';

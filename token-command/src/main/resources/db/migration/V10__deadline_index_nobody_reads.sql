-- db-scheduler reads its due executions by execution_time alone (priority is not enabled here: DeadlineSchedulerConfig),
-- so this index was written on every deadline an issue sets and read by no statement.
DROP INDEX IF EXISTS scheduled_tasks_priority_execution_time;

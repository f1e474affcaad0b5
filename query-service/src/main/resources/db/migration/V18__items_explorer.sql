-- Issue 25, the explorers of single tool executions and tools' HTTP requests, with what V14, V15 and V17 give the
-- explorer of calls: newest first (the default) reads the time index in order whatever the filters; sorted by
-- duration, the duration index in either direction (nulls last, then by id, as Keyset reads them); a rare user, tag,
-- metadata or outcome value (an error type, an HTTP status) is found through the values' GIN index instead of
-- walking the items newest first. ./apilogs bench query measures each at 10M calls.
create index tool_executions_by_time on tool_executions (workspace_id, started_at desc, event_id desc);
create index tool_executions_by_duration on tool_executions (workspace_id, duration_ms, event_id);
create index tool_executions_by_value on tool_executions using gin (label_values);
create index http_requests_by_time on http_requests (workspace_id, started_at desc, event_id desc);
create index http_requests_by_duration on http_requests (workspace_id, duration_ms, event_id);
create index http_requests_by_value on http_requests using gin (label_values);

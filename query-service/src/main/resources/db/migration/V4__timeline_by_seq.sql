-- Live timelines catch subscribers up by seq (seq > lastSent), whatever the items' startedAt.
create index llm_calls_by_seq on llm_calls (workspace_id, conversation_id, seq);
create index tool_executions_by_seq on tool_executions (workspace_id, conversation_id, seq);
create index http_requests_by_seq on http_requests (workspace_id, conversation_id, seq);

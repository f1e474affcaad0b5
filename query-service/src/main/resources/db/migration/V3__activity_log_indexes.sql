-- One index per activity-log sort, each read by a plain range scan in either direction. Rows without a value
-- (metadata-only conversations, unpriced ones) sort last and are read separately through the partial indexes.
drop index conversations_by_last_at;
create index conversations_by_last_at on conversations (workspace_id, last_at, conversation_id);
create index conversations_by_cost on conversations (workspace_id, cost_usd, conversation_id);
create index conversations_by_tokens on conversations (workspace_id, total_tokens, conversation_id);
create index conversations_by_calls on conversations (workspace_id, call_count, conversation_id);
create index conversations_without_last_at on conversations (workspace_id, conversation_id) where last_at is null;
create index conversations_without_cost on conversations (workspace_id, conversation_id) where cost_usd is null;
-- The assistant filter is selective (one of hundreds): its own index in last-activity order.
create index conversations_by_assistant on conversations (workspace_id, assistant_id, last_at, conversation_id);
create index conversations_by_model on conversations using gin (models);

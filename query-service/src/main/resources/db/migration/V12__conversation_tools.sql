-- The tools a conversation called (asked for by a call, or executed), for the activity log's tool filter (issue 25).
-- Filled by the writer from now on; conversations stored before keep an empty list (no backfill: at 10M calls it
-- would read every call's tool calls at start).
alter table conversations add column tools text[] not null default '{}';
create index conversations_by_tool on conversations using gin (tools);

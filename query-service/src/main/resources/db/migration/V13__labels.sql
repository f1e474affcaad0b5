-- Issue 25, item 1: the end user, tags and metadata events carry.
-- A conversation shows its latest user (by startedAt, then eventId, as the subject) and matches a user, tag or
-- meta.<key>=<value> filter when any of its events carried that value: one text array of them, 'u:<user id>',
-- 't:<tag>' and 'm:<key>=<value>', under one GIN index (one index to keep up on every roll-up update, not three).
alter table conversations
    add column user_id text,
    add column user_name text,
    add column user_at timestamptz,
    add column user_event_id text,
    add column labels text[] not null default '{}';
create index conversations_by_label on conversations using gin (labels);

-- Each item keeps its own (user, tags, metadata) as sent, for its detail, and their filter values (as the
-- conversation's, above) for the explorer of single items.
alter table llm_calls add column labels jsonb, add column label_values text[] not null default '{}';
alter table tool_executions add column labels jsonb, add column label_values text[] not null default '{}';
alter table http_requests add column labels jsonb, add column label_values text[] not null default '{}';

-- Retention (persistence/Retention): whole monthly partitions are dropped, then the rows of the other tables that
-- belong to the dropped months are removed by time, in bounded batches.

-- A prompt goes once no kept call uses it: last_seen_at is the latest startedAt of the calls that used it.
alter table prompts add column last_seen_at timestamptz;
update prompts p set last_seen_at = m.last_at
from (select workspace_id, prompt_sha256, max(started_at) as last_at
      from llm_calls where prompt_sha256 is not null group by 1, 2) m
where m.workspace_id = p.workspace_id and m.prompt_sha256 = p.sha256;
update prompts set last_seen_at = first_seen_at where last_seen_at is null;
alter table prompts alter column last_seen_at set not null;
create index prompts_by_last_seen on prompts (workspace_id, last_seen_at);

-- The dedup guard and the call keys are found by time through BRIN indexes: rows arrive roughly in time order, and a
-- BRIN index costs writers next to nothing (a B-tree here would cost every event another index entry).
create index processed_events_by_started_at on processed_events using brin (started_at);
create index call_keys_by_started_at on call_keys using brin (started_at);

-- Issue 25, the explorer of single calls: its default order (newest first) reads this index in order, whatever the
-- filters; sorts by cost, duration and tokens read the filter's calls and sort them (their indexes would cost every
-- write; ./apilogs bench query measures both).
create index llm_calls_by_time on llm_calls (workspace_id, started_at desc, call_id desc);

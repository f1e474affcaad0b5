-- Issue 25: the explorer of single calls sorted by cost, duration or tokens reads these indexes in order (either
-- direction), with the call id as its keyset's tie-break, checking the other filters on the way, instead of reading
-- every call of the filter and sorting them. At 10M calls (./apilogs bench query 1000000 50, 2026-12-07) the first
-- page sorted by cost over 30 days went from 1,098 ms (p95) to 4.1 ms, over all calls from 11.3 s to 7.6 ms.
-- Writer cost (./apilogs bench ingest small,small 20 3, two runs each on a noisy host): 7,950 / 9,296 and 6,173 /
-- 8,604 events/s without them, 6,649 / 9,344 and 7,430 / 9,663 with them; PostgreSQL 66-100 and 88-97 µs per event.
-- A bulk load pays more: the bench's COPY of 10M calls took 1,265 s with them, 539 s without.
create index llm_calls_by_cost on llm_calls (workspace_id, cost_usd, call_id);
create index llm_calls_by_duration on llm_calls (workspace_id, duration_ms, call_id);
create index llm_calls_by_tokens on llm_calls (workspace_id, (coalesce(input_tokens, 0) + coalesce(output_tokens, 0)), call_id);

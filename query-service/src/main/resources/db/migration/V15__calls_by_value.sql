-- Issue 25: calls of one end user (or any rare user, tag, metadata or outcome value) found through their values
-- instead of walking the calls newest first until 50 match: at 10M calls, one user of 5,000 took 357 ms (p95) through
-- the time index and 17 ms through this one (./apilogs bench query). ./apilogs bench ingest small measured PostgreSQL
-- at 52 µs of CPU per stored call with it, 48 without (one noisy run each).
--
-- Sorting the explorer by cost, duration or tokens has no index: btree indexes on those keys took the explorer's first
-- pages to 5-11 ms (p95) at 10M calls, but PostgreSQL then took 65-75 µs of CPU per stored call, more than the writer
-- may lose to this issue (10%). Those sorts read the filter's calls and keep the top of them.
create index llm_calls_by_value on llm_calls using gin (label_values);

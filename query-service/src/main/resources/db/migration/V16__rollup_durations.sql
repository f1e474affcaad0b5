-- The hourly roll-ups also keep, per hour and key, the calls that failed, the longest duration and a histogram of
-- durations, so the calls summary (issue 25) and latency analytics read percentiles of millions of calls from a few
-- thousand rows. Buckets as io.apilogs.query.persistence.DurationBuckets: one per millisecond below 16 ms, then 8 per
-- power of two. A histogram is an integer[] whose element i + 1 counts bucket i, trailing empty buckets left out.

-- The bucket of a duration in milliseconds (DurationBucketsTest checks it against the Java one).
create function apilogs_duration_bucket(ms bigint) returns integer language sql immutable parallel safe as $$
    select case when ms is null then null
                when ms < 16 then greatest(ms, 0)::integer
                else (16 + (o - 4) * 8 + ((ms >> (o - 3)) & 7))::integer end
    from (select 64 - position('1' in ms::bit(64)::text) as o) x
$$;

-- Two histograms added bucket by bucket (a null one adds nothing).
create function apilogs_hist_add(a integer[], b integer[]) returns integer[] language sql immutable parallel safe as $$
    select case when a is null then b
                when b is null then a
                else array(select coalesce(a[i], 0) + coalesce(b[i], 0)
                           from generate_series(1, greatest(cardinality(a), cardinality(b))) i) end
$$;

create aggregate apilogs_hist_sum(integer[]) (sfunc = apilogs_hist_add, stype = integer[]);

-- A histogram from buckets and their counts (parallel arrays; a bucket may repeat).
create function apilogs_hist_of(buckets integer[], counts bigint[]) returns integer[] language sql immutable parallel safe as $$
    select case when buckets is null or cardinality(buckets) = 0 then null else
        (select array_agg(coalesce(t.n, 0)::integer order by i)
         from generate_series(0, (select max(b) from unnest(buckets) b)) i
         left join (select b, sum(n) as n from unnest(buckets, counts) as u(b, n) group by b) t on t.b = i) end
$$;

alter table usage_hourly_model add column errors bigint not null default 0;
alter table usage_hourly_model add column max_duration_ms bigint;
alter table usage_hourly_model add column duration_hist integer[];
alter table usage_hourly_assistant add column errors bigint not null default 0;
alter table usage_hourly_assistant add column max_duration_ms bigint;
alter table usage_hourly_assistant add column duration_hist integer[];

-- Rows written before this version: rebuilt from the calls, into shard 0, as V5 first built them.
delete from usage_hourly_model;
insert into usage_hourly_model (workspace_id, hour, model, shard, calls, input_tokens, output_tokens, cache_read_tokens,
                                cache_write_tokens, reasoning_tokens, cost_usd, unpriced_calls, errors, max_duration_ms, duration_hist)
with sums as (
    select workspace_id, date_trunc('hour', started_at, 'UTC') as hour, coalesce(model, '') as k, count(*) as calls,
           coalesce(sum(input_tokens), 0) as input, coalesce(sum(output_tokens), 0) as output,
           coalesce(sum(cache_read_tokens), 0) as cache_read, coalesce(sum(cache_write_tokens), 0) as cache_write,
           coalesce(sum(reasoning_tokens), 0) as reasoning, sum(cost_usd) as cost, count(*) filter (where cost_usd is null) as unpriced,
           count(*) filter (where error is not null) as errors, max(duration_ms) as max_ms
    from llm_calls group by 1, 2, 3),
buckets as (
    select workspace_id, date_trunc('hour', started_at, 'UTC') as hour, coalesce(model, '') as k,
           apilogs_duration_bucket(duration_ms) as b, count(*) as n
    from llm_calls where duration_ms is not null group by 1, 2, 3, 4),
hists as (select workspace_id, hour, k, apilogs_hist_of(array_agg(b), array_agg(n)) as hist from buckets group by 1, 2, 3)
select s.workspace_id, s.hour, s.k, 0, s.calls, s.input, s.output, s.cache_read, s.cache_write, s.reasoning, s.cost, s.unpriced,
       s.errors, s.max_ms, h.hist
from sums s left join hists h on h.workspace_id = s.workspace_id and h.hour = s.hour and h.k = s.k;

delete from usage_hourly_assistant;
insert into usage_hourly_assistant (workspace_id, hour, assistant_id, shard, calls, input_tokens, output_tokens, cache_read_tokens,
                                    cache_write_tokens, reasoning_tokens, cost_usd, unpriced_calls, errors, max_duration_ms, duration_hist)
with sums as (
    select workspace_id, date_trunc('hour', started_at, 'UTC') as hour, assistant_id as k, count(*) as calls,
           coalesce(sum(input_tokens), 0) as input, coalesce(sum(output_tokens), 0) as output,
           coalesce(sum(cache_read_tokens), 0) as cache_read, coalesce(sum(cache_write_tokens), 0) as cache_write,
           coalesce(sum(reasoning_tokens), 0) as reasoning, sum(cost_usd) as cost, count(*) filter (where cost_usd is null) as unpriced,
           count(*) filter (where error is not null) as errors, max(duration_ms) as max_ms
    from llm_calls group by 1, 2, 3),
buckets as (
    select workspace_id, date_trunc('hour', started_at, 'UTC') as hour, assistant_id as k,
           apilogs_duration_bucket(duration_ms) as b, count(*) as n
    from llm_calls where duration_ms is not null group by 1, 2, 3, 4),
hists as (select workspace_id, hour, k, apilogs_hist_of(array_agg(b), array_agg(n)) as hist from buckets group by 1, 2, 3)
select s.workspace_id, s.hour, s.k, 0, s.calls, s.input, s.output, s.cache_read, s.cache_write, s.reasoning, s.cost, s.unpriced,
       s.errors, s.max_ms, h.hist
from sums s left join hists h on h.workspace_id = s.workspace_id and h.hour = s.hour and h.k = s.k;

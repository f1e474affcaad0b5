-- Issue 27: analytics over many days merged ~15 µs per hourly histogram, so 90 days by model (43,000 hourly rows) took
-- ~1 s. A span (a viewer's day or week, in UTC instants) that has ended is merged once per key and kept here; reads
-- use a span only when it was merged under the workspace's current epoch. A writer that adds to an hour before the
-- previous one (a late event), a repricing rebuild and retention bump the epoch in their transaction, so a span merged
-- before that is never used again (io.apilogs.query.persistence.read.SpanCache says why no lock is needed). The epoch
-- is the sum of one counter per writer shard (the roll-ups' shards; -1 for repricing), so writers of a backfill, where
-- every call is late, never queue for one row.
create table usage_epochs (
    workspace_id text     not null,
    shard        smallint not null,
    epoch        bigint   not null,
    primary key (workspace_id, shard)
);

create table usage_spans_done (
    workspace_id text        not null,
    dimension    text        not null,
    span_start   timestamptz not null,
    span_end     timestamptz not null,
    epoch        bigint      not null,
    primary key (workspace_id, dimension, span_start, span_end)
);

create table usage_spans (
    workspace_id  text        not null,
    dimension     text        not null,
    span_start    timestamptz not null,
    span_end      timestamptz not null,
    epoch         bigint      not null,
    k             text        not null,
    calls         bigint      not null,
    errors        bigint      not null,
    rate_limited  bigint      not null,
    input         bigint      not null,
    output        bigint      not null,
    cache_read    bigint      not null,
    cache_write   bigint      not null,
    reasoning     bigint      not null,
    cost          numeric(24, 9),
    unpriced      bigint      not null,
    max_ms        bigint,
    hist          integer[],
    savings       numeric(24, 9),
    min_requests  float8,
    min_tokens    float8,
    low_headroom  bigint      not null,
    primary key (workspace_id, dimension, span_start, span_end, k)
);

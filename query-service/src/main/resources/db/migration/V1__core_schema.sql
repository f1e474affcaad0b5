-- Workspaces and keys. Keys are stored as SHA-256 hashes only.
create table workspaces (
    id         text primary key,
    name       text        not null,
    created_at timestamptz not null default now()
);

create table api_keys (
    id           text primary key,
    workspace_id text        not null references workspaces (id),
    scope        text        not null check (scope in ('ingest', 'read', 'admin')),
    name         text,
    prefix       text        not null,
    key_hash     text        not null unique,
    created_at   timestamptz not null default now(),
    revoked_at   timestamptz
);
create index api_keys_workspace on api_keys (workspace_id);

-- The idempotency guard: the one place duplicates are caught, for every event type.
create table processed_events (
    workspace_id text        not null,
    event_id     text        not null,
    processed_at timestamptz not null default now(),
    primary key (workspace_id, event_id)
);

-- callId is unique per workspace; this row also finds a call's partition without scanning them all.
create table call_keys (
    workspace_id    text        not null,
    call_id         text        not null,
    event_id        text        not null,
    conversation_id text        not null,
    started_at      timestamptz not null,
    primary key (workspace_id, call_id)
);

-- Each distinct system prompt once per workspace, keyed by the SHA-256 of its exact UTF-8 bytes.
create table prompts (
    workspace_id  text        not null,
    sha256        text        not null,
    text          text        not null,
    first_seen_at timestamptz not null,
    call_count    bigint      not null default 0,
    primary key (workspace_id, sha256)
);

create table assistants (
    workspace_id  text not null,
    assistant_id  text not null,
    name          text,
    name_at       timestamptz,
    name_event_id text,
    primary key (workspace_id, assistant_id)
);

-- The roll-up row behind the activity log, maintained by the writer in the batch's transaction.
create table conversations (
    workspace_id         text           not null,
    conversation_id      text           not null,
    subject              text,
    subject_at           timestamptz,
    subject_event_id     text,
    assistant_id         text           not null,
    assistant_at         timestamptz    not null,
    assistant_event_id   text           not null,
    call_count           integer        not null default 0,
    tool_count           integer        not null default 0,
    http_count           integer        not null default 0,
    error_count          integer        not null default 0,
    input_tokens         bigint         not null default 0,
    output_tokens        bigint         not null default 0,
    cache_read_tokens    bigint         not null default 0,
    cache_write_tokens   bigint         not null default 0,
    reasoning_tokens     bigint         not null default 0,
    total_tokens         bigint         not null default 0,
    cost_usd             numeric(24, 9),
    unpriced_call_count  integer        not null default 0,
    first_at             timestamptz,
    last_at              timestamptz,
    models               text[]         not null default '{}',
    last_seq             bigint         not null default 0,
    updated_at           timestamptz    not null default now(),
    primary key (workspace_id, conversation_id)
);
create index conversations_by_last_at on conversations (workspace_id, last_at desc, conversation_id desc);

-- Timeline items: hot, narrow rows, range-partitioned by month so retention is a partition drop.
create table llm_calls (
    workspace_id          text           not null,
    call_id               text           not null,
    event_id              text           not null,
    conversation_id       text           not null,
    seq                   bigint         not null,
    assistant_id          text           not null,
    provider              text,
    model                 text,
    started_at            timestamptz    not null,
    duration_ms           bigint,
    input_tokens          bigint,
    output_tokens         bigint,
    cache_read_tokens     bigint,
    cache_write_tokens    bigint,
    cache_write_1h_tokens bigint,
    reasoning_tokens      bigint,
    cost_usd              numeric(24, 9),
    cost_input            numeric(24, 9),
    cost_cache_read       numeric(24, 9),
    cost_cache_write      numeric(24, 9),
    cost_output           numeric(24, 9),
    price_source          text           not null,
    stop_reason           text,
    tool_calls            jsonb,
    error                 jsonb,
    prompt_sha256         text,
    primary key (workspace_id, call_id, started_at)
) partition by range (started_at);
create index llm_calls_timeline on llm_calls (workspace_id, conversation_id, started_at, seq);

-- Bodies stay out of the hot rows that list queries read.
create table llm_call_bodies (
    workspace_id  text        not null,
    call_id       text        not null,
    started_at    timestamptz not null,
    messages      text,
    response_text text,
    thinking      text,
    tool_calls    text,
    rate_limit    text,
    primary key (workspace_id, call_id, started_at)
) partition by range (started_at);

-- Creates the monthly partitions that hold a given instant, for every partitioned table. Safe under concurrent writers.
create function apilogs_ensure_month(at timestamptz) returns void language plpgsql as $$
declare
    month_start date := date_trunc('month', at at time zone 'UTC')::date;
    suffix      text := to_char(month_start, 'YYYY_MM');
    t           text;
begin
    perform pg_advisory_xact_lock(hashtext('apilogs_partitions'));
    foreach t in array array['llm_calls', 'llm_call_bodies'] loop
        if to_regclass(t || '_' || suffix) is null then
            execute format('create table %I partition of %I for values from (%L) to (%L)',
                           t || '_' || suffix, t,
                           (month_start::timestamp at time zone 'UTC'),
                           ((month_start + interval '1 month')::timestamp at time zone 'UTC'));
        end if;
    end loop;
end $$;

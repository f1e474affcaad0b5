-- Where each stored event lives, so any item can be found by its eventId without scanning every partition.
alter table processed_events
    add column kind            text,
    add column conversation_id text,
    add column started_at      timestamptz;

create table tool_executions (
    workspace_id    text        not null,
    event_id        text        not null,
    conversation_id text        not null,
    seq             bigint      not null,
    assistant_id    text        not null,
    started_at      timestamptz not null,
    duration_ms     bigint,
    tool_call_id    text        not null,
    call_id         text,
    tool_name       text,
    error           jsonb,
    primary key (workspace_id, event_id, started_at)
) partition by range (started_at);
create index tool_executions_timeline on tool_executions (workspace_id, conversation_id, started_at, seq);
create index tool_executions_by_tool_call on tool_executions (workspace_id, conversation_id, tool_call_id);

create table tool_execution_bodies (
    workspace_id text        not null,
    event_id     text        not null,
    started_at   timestamptz not null,
    input        text,
    result       text,
    primary key (workspace_id, event_id, started_at)
) partition by range (started_at);

create table http_requests (
    workspace_id        text        not null,
    event_id            text        not null,
    conversation_id     text        not null,
    seq                 bigint      not null,
    assistant_id        text        not null,
    started_at          timestamptz not null,
    duration_ms         bigint,
    plugin              text,
    tool_call_id        text,
    method              text,
    url                 text,
    status_code         integer,
    error               jsonb,
    request_body_bytes  bigint,
    response_body_bytes bigint,
    primary key (workspace_id, event_id, started_at)
) partition by range (started_at);
create index http_requests_timeline on http_requests (workspace_id, conversation_id, started_at, seq);
create index http_requests_by_tool_call on http_requests (workspace_id, conversation_id, tool_call_id);

create table http_request_bodies (
    workspace_id     text        not null,
    event_id         text        not null,
    started_at       timestamptz not null,
    request_headers  text,
    response_headers text,
    request_body     text,
    response_body    text,
    primary key (workspace_id, event_id, started_at)
) partition by range (started_at);

-- A workspace's own prices; they beat the default table shipped with the service.
create table workspace_prices (
    workspace_id           text           not null,
    model                  text           not null,
    effective_from         timestamptz    not null,
    min_input_tokens       bigint         not null default 0,
    aliases                text[]         not null default '{}',
    input_per_mtok         numeric(20, 9) not null,
    output_per_mtok        numeric(20, 9) not null,
    cache_read_per_mtok    numeric(20, 9),
    cache_write_per_mtok   numeric(20, 9),
    cache_write_1h_per_mtok numeric(20, 9),
    updated_at             timestamptz    not null default now(),
    primary key (workspace_id, model, effective_from, min_input_tokens)
);

create or replace function apilogs_ensure_month(at timestamptz) returns void language plpgsql as $$
declare
    month_start date := date_trunc('month', at at time zone 'UTC')::date;
    suffix      text := to_char(month_start, 'YYYY_MM');
    t           text;
begin
    perform pg_advisory_xact_lock(hashtext('apilogs_partitions'));
    foreach t in array array['llm_calls', 'llm_call_bodies', 'tool_executions', 'tool_execution_bodies',
                             'http_requests', 'http_request_bodies'] loop
        if to_regclass(t || '_' || suffix) is null then
            execute format('create table %I partition of %I for values from (%L) to (%L)',
                           t || '_' || suffix, t,
                           (month_start::timestamp at time zone 'UTC'),
                           ((month_start + interval '1 month')::timestamp at time zone 'UTC'));
        end if;
    end loop;
end $$;

-- Months that already have llm_calls partitions get the new tables' partitions too.
do $$
declare
    part record;
begin
    for part in select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                join pg_class p on p.oid = i.inhparent where p.relname = 'llm_calls' loop
        perform apilogs_ensure_month(to_date(substring(part.relname from 'llm_calls_(\d{4}_\d{2})'), 'YYYY_MM')::timestamp at time zone 'UTC');
    end loop;
end $$;

-- Hourly usage roll-ups behind analytics, one by model and one by assistant, maintained by the writer in the batch's
-- transaction and rebuilt by repricing. Days in any whole-hour zone are unions of UTC hours.
create table usage_hourly_model (
    workspace_id       text           not null,
    hour               timestamptz    not null,
    model              text           not null,
    calls              bigint         not null,
    input_tokens       bigint         not null,
    output_tokens      bigint         not null,
    cache_read_tokens  bigint         not null,
    cache_write_tokens bigint         not null,
    reasoning_tokens   bigint         not null,
    cost_usd           numeric(24, 9),
    unpriced_calls     bigint         not null,
    primary key (workspace_id, hour, model)
);

create table usage_hourly_assistant (
    workspace_id       text           not null,
    hour               timestamptz    not null,
    assistant_id       text           not null,
    calls              bigint         not null,
    input_tokens       bigint         not null,
    output_tokens      bigint         not null,
    cache_read_tokens  bigint         not null,
    cache_write_tokens bigint         not null,
    reasoning_tokens   bigint         not null,
    cost_usd           numeric(24, 9),
    unpriced_calls     bigint         not null,
    primary key (workspace_id, hour, assistant_id)
);

insert into usage_hourly_model
select workspace_id, date_trunc('hour', started_at, 'UTC'), coalesce(model, ''), count(*), coalesce(sum(input_tokens), 0),
       coalesce(sum(output_tokens), 0), coalesce(sum(cache_read_tokens), 0), coalesce(sum(cache_write_tokens), 0),
       coalesce(sum(reasoning_tokens), 0), sum(cost_usd), count(*) filter (where cost_usd is null)
from llm_calls group by 1, 2, 3;

insert into usage_hourly_assistant
select workspace_id, date_trunc('hour', started_at, 'UTC'), assistant_id, count(*), coalesce(sum(input_tokens), 0),
       coalesce(sum(output_tokens), 0), coalesce(sum(cache_read_tokens), 0), coalesce(sum(cache_write_tokens), 0),
       coalesce(sum(reasoning_tokens), 0), sum(cost_usd), count(*) filter (where cost_usd is null)
from llm_calls group by 1, 2, 3;

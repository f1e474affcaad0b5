-- A prompt's text stays in `prompts`, once per workspace and SHA-256; how many calls used it and when moves to
-- `prompt_stats`, sharded like the usage roll-ups (a writer adds to the shard of its Kafka partition). Writers then
-- insert a known prompt's text with ON CONFLICT DO NOTHING, which locks nothing, instead of all queueing to update
-- the same counts row of a popular prompt (25% of the database's time under the ingest benchmark's mix).
create table prompt_stats (
    workspace_id  text        not null,
    sha256        text        not null,
    shard         smallint    not null,
    call_count    bigint      not null,
    first_seen_at timestamptz not null,
    last_seen_at  timestamptz not null,
    primary key (workspace_id, sha256, shard)
);

insert into prompt_stats (workspace_id, sha256, shard, call_count, first_seen_at, last_seen_at)
select workspace_id, sha256, 0, call_count, first_seen_at, last_seen_at from prompts;

create index prompt_stats_by_last_seen on prompt_stats (workspace_id, last_seen_at);

drop index prompts_by_last_seen;
alter table prompts drop column call_count, drop column first_seen_at, drop column last_seen_at;

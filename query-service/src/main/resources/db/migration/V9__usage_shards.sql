-- Each writer adds its batch to its own shard of an hour's roll-up row (its Kafka partition modulo 16), so concurrent
-- writers no longer queue for the same few hour x model rows until each commits: that wait was 19-42% of the
-- database's time under the ingest benchmark. Reads sum the shards; a job folds the shards of hours before the previous
-- one into shard 0 every 15 minutes (service.UsageFolding), finding them through the partial indexes below.
alter table usage_hourly_model add column shard smallint not null default 0;
alter table usage_hourly_model drop constraint usage_hourly_model_pkey;
alter table usage_hourly_model add primary key (workspace_id, hour, model, shard);

alter table usage_hourly_assistant add column shard smallint not null default 0;
alter table usage_hourly_assistant drop constraint usage_hourly_assistant_pkey;
alter table usage_hourly_assistant add primary key (workspace_id, hour, assistant_id, shard);

create index usage_hourly_model_unfolded on usage_hourly_model (hour) where shard <> 0;
create index usage_hourly_assistant_unfolded on usage_hourly_assistant (hour) where shard <> 0;

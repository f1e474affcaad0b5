-- OpenTelemetry spans whose conversation is not known yet are stored in a stand-in conversation, trace-<traceId>.
-- When a later span of the trace names the conversation, the stand-in's items move there (persistence/write/
-- ConversationLinks) and this row sends the trace's later items there too.
create table conversation_links (
    workspace_id    text        not null,
    stand_in_id     text        not null,
    conversation_id text        not null,
    linked_at       timestamptz not null default now(),
    primary key (workspace_id, stand_in_id)
);
create index conversation_links_by_linked_at on conversation_links using brin (linked_at);

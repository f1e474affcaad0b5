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

-- Content of an OpenTelemetry call that arrived (as OTLP log records) before the call's span: it waits here, and the
-- writer puts it into the call when the span comes (persistence/write/CallContents).
create table pending_contents (
    workspace_id  text        not null,
    event_id      text        not null,
    call_event_id text        not null,
    content       text        not null,
    received_at   timestamptz not null default now(),
    primary key (workspace_id, event_id)
);
create index pending_contents_by_call on pending_contents (workspace_id, call_event_id);
create index pending_contents_by_received_at on pending_contents using brin (received_at);

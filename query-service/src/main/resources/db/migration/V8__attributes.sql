-- Other attributes a source reported (OpenTelemetry span attributes no field maps), kept beside the bodies as JSON
-- text and shown in the detail. Null for events without any.
alter table llm_call_bodies add column attributes text;
alter table tool_execution_bodies add column attributes text;
alter table http_request_bodies add column attributes text;

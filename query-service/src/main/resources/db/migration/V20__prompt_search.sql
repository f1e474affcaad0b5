-- Issue 26: system prompts are searched too. A prompt is stored once per workspace (by SHA-256), so its keys are kept
-- once, with it, under the same GiST signature index as the items' (V19); a search finds the matching prompts first,
-- then the calls that used them. Prompts stored before this version have no keys and are not searched.
alter table prompts add column search_keys int4[];
create index prompts_search on prompts using gist (search_keys gist__intbig_ops (siglen = 252));

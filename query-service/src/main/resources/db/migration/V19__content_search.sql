-- Issue 26: content search. Each item's bodies row keeps the keys of its texts (query.search.SearchGrams: case-folded
-- pairs of neighbouring characters as ints, computed by the writer from the same JSON the row stores), under a GiST
-- signature index from intarray: a text is a candidate for a query when its keys contain all of the query's, in any
-- script, two-character Chinese words included, with no dependence on the database's LC_CTYPE. The candidates are then
-- checked for the literal substring by query-service (SearchMatcher), so the index only narrows, and never decides.
--
-- intarray ships with PostgreSQL's contrib (in the embedded server and the postgres images); it is a trusted
-- extension, so a database owner without superuser can create it.
create extension if not exists intarray;

-- Items stored before this version have no keys (null): content search finds them by their conversation's subject only.
alter table llm_call_bodies add column search_keys int4[];
alter table tool_execution_bodies add column search_keys int4[];
alter table http_request_bodies add column search_keys int4[];

-- siglen 252 bytes (2,016 bits): a message of a few KB has a few hundred keys, so the signature stays sparse enough to
-- prune; measured against GIN on this machine (issue 26 notes): a third of the insert cost, a seventh of the size.
create index llm_call_bodies_search on llm_call_bodies using gist (search_keys gist__intbig_ops (siglen = 252));
create index tool_execution_bodies_search on tool_execution_bodies using gist (search_keys gist__intbig_ops (siglen = 252));
create index http_request_bodies_search on http_request_bodies using gist (search_keys gist__intbig_ops (siglen = 252));

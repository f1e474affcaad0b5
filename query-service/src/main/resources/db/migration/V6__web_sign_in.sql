-- Web UI sign-in. A login token is single use and short-lived; it is stored by its SHA-256 only. Redeeming one mints
-- a read key that expires (a session key), which the browser keeps in sessionStorage.
create table login_tokens (
    token_hash   text primary key,
    workspace_id text        not null references workspaces (id),
    created_at   timestamptz not null default now(),
    expires_at   timestamptz not null,
    used_at      timestamptz
);
create index login_tokens_expiry on login_tokens (expires_at);

-- Keys with an expiry stop working after it, like revoked ones. Keys made by the operator have none.
alter table api_keys add column expires_at timestamptz;

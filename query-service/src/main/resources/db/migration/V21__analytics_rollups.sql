-- Issue 27, analytics: per call, what its cached tokens saved (io.apilogs.model.cost.CostBreakdown#cacheSavings, null
-- without cached tokens) and the shares of requests and tokens its rate-limit headers said were left
-- (io.apilogs.model.ratelimit.Headroom, null without them); per roll-up row, the calls refused for a rate limit, the
-- savings, the lowest shares left and the calls made with under 10% left. Calls stored before this version have none
-- of these: their hours show no savings or headroom, and their 429s are not counted in the roll-ups (a repricing of
-- their range rebuilds the 429s, not the rest).
alter table llm_calls add column cache_savings_usd numeric(24, 9), add column rl_requests_share real,
                      add column rl_tokens_share real;

alter table usage_hourly_model add column rate_limited bigint not null default 0, add column cache_savings_usd numeric(24, 9),
                               add column min_requests_share real, add column min_tokens_share real,
                               add column low_headroom_calls bigint not null default 0;
alter table usage_hourly_assistant add column rate_limited bigint not null default 0, add column cache_savings_usd numeric(24, 9),
                                   add column min_requests_share real, add column min_tokens_share real,
                                   add column low_headroom_calls bigint not null default 0;

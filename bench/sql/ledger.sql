-- The benchmark's ledger: :rows usage rows over 20 tenants (the tenant :'slug', seeded by the app, plus 19 made here),
-- 25 members each (real users with memberships), 15 models, the last 90 days, both key kinds and every final status.
-- The first tenant holds about 40% of the rows, the others share the rest unevenly; within a tenant, a few members
-- make most calls. Every row is final and reconciled, so no worker picks them up.
\set ON_ERROR_STOP on
BEGIN;

CREATE TEMP TABLE bench_tenants AS
SELECT 0 AS n, id FROM tenants WHERE slug = :'slug'
UNION ALL
SELECT n, md5('bench-tenant-' || n)::uuid FROM generate_series(1, 19) AS n;

INSERT INTO tenants (id, slug, name, created_at, budget_alert_percent, key_policy, requires_zero_data_retention)
SELECT id, 'bench-' || n, 'Bench tenant ' || n, now() - interval '120 days', 80, 'PersonalFirst', false
FROM bench_tenants WHERE n > 0;

CREATE TEMP TABLE bench_members AS
SELECT t.n AS tenant_n, t.id AS tenant_id, m AS member_n, md5('bench-member-' || t.n || '-' || m)::uuid AS user_id
FROM bench_tenants t CROSS JOIN generate_series(0, 24) AS m;

INSERT INTO "AspNetUsers" (id, user_name, normalized_user_name, email, normalized_email, email_confirmed, display_name,
    security_stamp, concurrency_stamp, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count, created_at)
SELECT user_id, 'm' || tenant_n || '-' || member_n || '@bench.test', upper('m' || tenant_n || '-' || member_n || '@bench.test'),
    'm' || tenant_n || '-' || member_n || '@bench.test', upper('m' || tenant_n || '-' || member_n || '@bench.test'), true,
    'Member ' || member_n || ' of tenant ' || tenant_n, md5(random()::text), md5(random()::text), false, false, true, 0,
    now() - interval '120 days'
FROM bench_members;

INSERT INTO memberships (id, tenant_id, user_id, role, joined_at, may_use_shared_key)
SELECT md5('bench-membership-' || user_id)::uuid, tenant_id, user_id, 'Member', now() - interval '120 days', true
FROM bench_members;

CREATE TEMP TABLE bench_models (n int, id text, prompt_price numeric, completion_price numeric);
INSERT INTO bench_models VALUES
  (0, 'openai/gpt-4o-mini', 0.00000015, 0.0000006), (1, 'openai/gpt-4o', 0.0000025, 0.00001),
  (2, 'openai/gpt-4.1', 0.000002, 0.000008), (3, 'anthropic/claude-sonnet-4', 0.000003, 0.000015),
  (4, 'anthropic/claude-3.5-haiku', 0.0000008, 0.000004), (5, 'google/gemini-2.5-flash', 0.0000003, 0.0000025),
  (6, 'google/gemini-2.5-pro', 0.00000125, 0.00001), (7, 'meta-llama/llama-3.3-70b-instruct', 0.00000013, 0.0000004),
  (8, 'meta-llama/llama-3.3-70b-instruct:free', 0, 0), (9, 'mistralai/mistral-small', 0.0000001, 0.0000003),
  (10, 'mistralai/mistral-large', 0.000002, 0.000006), (11, 'deepseek/deepseek-chat', 0.0000003, 0.0000009),
  (12, 'deepseek/deepseek-r1', 0.0000005, 0.00000215), (13, 'qwen/qwen-2.5-72b-instruct', 0.00000012, 0.00000039),
  (14, 'x-ai/grok-3-mini', 0.0000003, 0.0000005);

-- One row of random draws per ledger row; the tenant: 40% the first, then n = 1..19 weighted towards the small numbers.
CREATE TEMP TABLE bench_draws AS
SELECT g,
    CASE WHEN random() < 0.4 THEN 0 ELSE 1 + floor(19 * power(random(), 1.5))::int END AS tenant_n,
    floor(25 * power(random(), 2))::int AS member_n,
    floor(15 * power(random(), 1.7))::int AS model_n,
    now() - random() * interval '90 days' AS created_at,
    random() AS status_draw,
    random() < 0.7 AS shared,
    50 + floor(random() * 3000)::int AS prompt_tokens,
    10 + floor(random() * 800)::int AS completion_tokens,
    200 + floor(random() * 5000)::int AS latency_ms
FROM generate_series(1, :rows) AS g;

INSERT INTO usage_records (id, tenant_id, user_id, credential_kind, credential_id, api_token_id, requested_model, served_model,
    provider, generation_id, status, streamed, prompt_tokens, completion_tokens, cached_tokens, reasoning_tokens, cost_usd,
    generation_cost_usd, error_code, error_message, latency_ms, created_at, completed_at, reconciled_at, reconcile_attempts,
    zero_data_retention, correlation_id)
SELECT gen_random_uuid(), m.tenant_id, m.user_id,
    CASE WHEN d.shared THEN 'Shared' ELSE 'Personal' END,
    md5('bench-credential-' || CASE WHEN d.shared THEN m.tenant_id ELSE m.user_id END)::uuid,
    NULL, model.id, model.id, split_part(model.id, '/', 1),
    'gen-' || extract(epoch FROM d.created_at)::bigint || '-' || substr(md5(d.g::text), 1, 20),
    s.status, d.g % 3 = 0,
    d.prompt_tokens, s.completion_tokens, 0, 0, s.cost, s.cost,
    CASE s.status WHEN 'Failed' THEN 'upstream_error' END,
    CASE s.status WHEN 'Failed' THEN 'The provider returned an error.' END,
    d.latency_ms, d.created_at, d.created_at + d.latency_ms * interval '1 millisecond',
    d.created_at + d.latency_ms * interval '1 millisecond', 0, false, substr(md5('c' || d.g), 1, 16)
FROM bench_draws d
JOIN bench_members m ON m.tenant_n = d.tenant_n AND m.member_n = d.member_n
JOIN bench_models model ON model.n = d.model_n
CROSS JOIN LATERAL (
    SELECT status, completion_tokens,
        CASE WHEN status = 'Failed' THEN NULL
             ELSE round(d.prompt_tokens * model.prompt_price + completion_tokens * model.completion_price, 10) END AS cost
    FROM (SELECT CASE WHEN d.status_draw < 0.93 THEN 'Completed' WHEN d.status_draw < 0.97 THEN 'Failed' ELSE 'Cancelled' END AS status,
                 CASE WHEN d.status_draw < 0.93 THEN d.completion_tokens WHEN d.status_draw < 0.97 THEN 0 ELSE d.completion_tokens / 3 END
                     AS completion_tokens) AS chosen
) AS s;

COMMIT;
-- A ledger written in one go would otherwise be vacuumed by autovacuum while the gateway is measured.
VACUUM ANALYZE;

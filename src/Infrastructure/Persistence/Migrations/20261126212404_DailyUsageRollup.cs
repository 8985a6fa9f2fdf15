using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenRouterSaaS.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The daily usage roll-up (docs/adr/0010-daily-usage-rollup.md): the ledger added up per tenant, UTC day, member,
    /// model and key kind for the days that have closed, the days whose roll-up is current or stale, and how far the days
    /// are closed. A trigger on usage_records marks a closed day stale when one of its rows changes; rows of the days
    /// still open (today, and yesterday until 01:00 UTC) do not fire it, so the gateway pays nothing. The tables are the
    /// worker's and the usage pages' SQL only, outside the EF Core model.
    /// </summary>
    public partial class DailyUsageRollup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($$"""
                -- The start of the first UTC day still open: a day closes an hour after it ends, when no call of it is still
                -- running. The trigger below and the roll-up worker both read it, by the database's clock.
                CREATE FUNCTION usage_rollup_open_since() RETURNS timestamptz LANGUAGE sql VOLATILE
                AS $$ SELECT date_trunc('day', clock_timestamp() - interval '1 hour', 'UTC') $$;

                -- The same figures at three grains: per member, model and key kind (for a page narrowed to a member or a
                -- model), per model and key kind, and per member and key kind (the whole tenant's page, the reconciliation).
                {{RollupTable("usage_rollups", "user_id uuid", "model character varying(200)", "credential_kind character varying(16)")}}
                {{RollupTable("usage_rollups_by_model", "model character varying(200)", "credential_kind character varying(16)")}}
                {{RollupTable("usage_rollups_by_member", "user_id uuid", "credential_kind character varying(16)")}}

                -- One row per tenant and closed day with calls: the day's roll-up is current while stale_since is null.
                CREATE TABLE usage_rollup_days (
                    tenant_id uuid NOT NULL,
                    day date NOT NULL,
                    stale_since timestamp with time zone,
                    rolled_up_at timestamp with time zone,
                    CONSTRAINT pk_usage_rollup_days PRIMARY KEY (tenant_id, day),
                    CONSTRAINT fk_usage_rollup_days_tenants_tenant_id FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE);
                CREATE INDEX ix_usage_rollup_days_stale ON usage_rollup_days (day) WHERE stale_since IS NOT NULL;

                -- One row. The days before ready_before are queued for the roll-up; the days before closing_before are closed,
                -- and are queued once every transaction up to closing_xid has ended.
                CREATE TABLE usage_rollup_horizon (
                    id integer NOT NULL,
                    ready_before date,
                    closing_before date,
                    closing_xid xid8,
                    CONSTRAINT pk_usage_rollup_horizon PRIMARY KEY (id),
                    CONSTRAINT ck_usage_rollup_horizon_one_row CHECK (id = 1));
                INSERT INTO usage_rollup_horizon (id) VALUES (1);

                CREATE FUNCTION usage_rollup_mark_stale(tenant uuid, created timestamptz) RETURNS void LANGUAGE plpgsql AS $$
                DECLARE
                    stale_day date := (created AT TIME ZONE 'UTC')::date;
                BEGIN
                    -- Marked by this transaction already: it holds the row's lock until it ends, which is all a second mark does.
                    IF EXISTS (SELECT 1 FROM usage_rollup_days
                               WHERE tenant_id = tenant AND day = stale_day AND xmin = pg_current_xact_id()::xid) THEN
                        RETURN;
                    END IF;

                    -- DO UPDATE rather than DO NOTHING: the row stays locked until this transaction ends, so a roll-up of the
                    -- day waits for it and then counts its change, or this marks the day again after that roll-up.
                    -- A tenant being deleted takes its days with it.
                    INSERT INTO usage_rollup_days AS days (tenant_id, day, stale_since)
                    SELECT tenant, stale_day, now()
                    WHERE EXISTS (SELECT 1 FROM tenants WHERE id = tenant)
                    ON CONFLICT (tenant_id, day) DO UPDATE SET stale_since = coalesce(days.stale_since, excluded.stale_since);
                END $$;

                CREATE FUNCTION usage_rollup_note_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP <> 'INSERT' THEN
                        PERFORM usage_rollup_mark_stale(OLD.tenant_id, OLD.created_at);
                    END IF;
                    IF TG_OP <> 'DELETE' THEN
                        PERFORM usage_rollup_mark_stale(NEW.tenant_id, NEW.created_at);
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER usage_rollup_inserted AFTER INSERT ON usage_records FOR EACH ROW
                    WHEN (NEW.created_at < usage_rollup_open_since())
                    EXECUTE FUNCTION usage_rollup_note_change();
                CREATE TRIGGER usage_rollup_updated AFTER UPDATE ON usage_records FOR EACH ROW
                    WHEN (OLD.created_at < usage_rollup_open_since() OR NEW.created_at < usage_rollup_open_since())
                    EXECUTE FUNCTION usage_rollup_note_change();
                CREATE TRIGGER usage_rollup_deleted AFTER DELETE ON usage_records FOR EACH ROW
                    WHEN (OLD.created_at < usage_rollup_open_since())
                    EXECUTE FUNCTION usage_rollup_note_change();
                """);
        }

        /// <summary>A roll-up table: a tenant's day per <paramref name="keys"/>, and what its calls added up to.</summary>
        private static string RollupTable(string name, params string[] keys) => $"""
            CREATE TABLE {name} (
                tenant_id uuid NOT NULL,
                day date NOT NULL,
                {string.Join(", ", keys.Select(key => key + " NOT NULL"))},
                calls integer NOT NULL,
                failed integer NOT NULL,
                cancelled integer NOT NULL,
                pending integer NOT NULL,
                reconciled integer NOT NULL,
                prompt_tokens bigint NOT NULL,
                completion_tokens bigint NOT NULL,
                cost_usd numeric NOT NULL,
                ended_reconciled integer NOT NULL,
                ended_response_cost_usd numeric NOT NULL,
                ended_reconciled_response_cost_usd numeric NOT NULL,
                ended_generation_cost_usd numeric NOT NULL,
                ended_cost_usd numeric NOT NULL,
                awaiting_reconciliation integer NOT NULL,
                never_reconciled integer NOT NULL,
                CONSTRAINT pk_{name} PRIMARY KEY (tenant_id, day, {string.Join(", ", keys.Select(key => key.Split(' ')[0]))}),
                CONSTRAINT fk_{name}_tenants_tenant_id FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE);
            """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER usage_rollup_deleted ON usage_records;
                DROP TRIGGER usage_rollup_updated ON usage_records;
                DROP TRIGGER usage_rollup_inserted ON usage_records;
                DROP FUNCTION usage_rollup_note_change();
                DROP FUNCTION usage_rollup_mark_stale(uuid, timestamptz);
                DROP TABLE usage_rollup_horizon;
                DROP TABLE usage_rollup_days;
                DROP TABLE usage_rollups_by_member;
                DROP TABLE usage_rollups_by_model;
                DROP TABLE usage_rollups;
                DROP FUNCTION usage_rollup_open_since();
                """);
        }
    }
}

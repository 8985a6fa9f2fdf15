using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenRouterSaaS.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// What lets the gateway's hot path make two round trips to the database per call:
    /// <list type="bullet">
    /// <item>
    /// <c>tenants.config_version</c>, raised by triggers whenever anything a gateway call reads about a tenant changes (the
    /// tenant row, its memberships, allow-list and keys, a token's revocation or expiry), whoever writes it. An instance
    /// keeps what it read in memory and states the version in the write that opens a call; a changed version refuses that
    /// write, and the instance reads again.
    /// </item>
    /// <item>
    /// <c>budget_reserve</c> and <c>budget_close</c>: the budget ledger's reservation, and its settlement, release or
    /// correction, each as one statement.
    /// The member row is always locked before the tenant row, as every writer does.
    /// </item>
    /// </list>
    /// </summary>
    public partial class GatewayHotPath : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "config_version",
                table: "tenants",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.Sql("""
                CREATE FUNCTION tenant_config_bump() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.config_version = OLD.config_version THEN
                    NEW.config_version := OLD.config_version + 1;
                  END IF;
                  RETURN NEW;
                END $$;

                CREATE FUNCTION tenant_config_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  UPDATE tenants SET config_version = config_version + 1
                  WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.tenant_id ELSE NEW.tenant_id END;
                  RETURN NULL;
                END $$;

                CREATE TRIGGER tenants_config_version BEFORE UPDATE ON tenants
                  FOR EACH ROW EXECUTE FUNCTION tenant_config_bump();
                CREATE TRIGGER memberships_config_version AFTER INSERT OR UPDATE OR DELETE ON memberships
                  FOR EACH ROW EXECUTE FUNCTION tenant_config_changed();
                CREATE TRIGGER model_allow_lists_config_version AFTER INSERT OR UPDATE OR DELETE ON model_allow_lists
                  FOR EACH ROW EXECUTE FUNCTION tenant_config_changed();
                CREATE TRIGGER openrouter_credentials_config_version AFTER INSERT OR UPDATE OR DELETE ON openrouter_credentials
                  FOR EACH ROW EXECUTE FUNCTION tenant_config_changed();
                CREATE TRIGGER api_tokens_config_version AFTER UPDATE OF revoked_at, expires_at OR DELETE ON api_tokens
                  FOR EACH ROW EXECUTE FUNCTION tenant_config_changed();

                -- Holds p_estimate on the member's and the tenant's budget of p_month (rows made with today's limits when
                -- missing), both or neither, and records the reservation. 'reserved'; 'member' or 'tenant' with the row's
                -- figures when it does not fit; 'stale' when p_config_version is given and the tenant's has moved on;
                -- 'not_member' when the user is not a member. Its commit does not wait for the disk: the caller's next
                -- write, the call's ledger row, is durable and makes this one durable with it.
                CREATE FUNCTION budget_reserve(
                  p_tenant uuid, p_user uuid, p_month date, p_estimate numeric, p_reservation uuid, p_now timestamptz,
                  p_member_budget uuid, p_tenant_budget uuid, p_config_version bigint)
                RETURNS TABLE (outcome text, budget_limit numeric, budget_spent numeric, budget_reserved numeric)
                LANGUAGE plpgsql AS $$
                DECLARE
                  v_member_limit numeric;
                  v_tenant_limit numeric;
                  v_member_budget uuid;
                  v_tenant_budget uuid;
                BEGIN
                  PERFORM set_config('synchronous_commit', 'off', true);
                  SELECT COALESCE(m.monthly_limit_override_usd, t.member_monthly_limit_usd), t.monthly_limit_usd
                    INTO v_member_limit, v_tenant_limit
                    FROM tenants t JOIN memberships m ON m.tenant_id = t.id AND m.user_id = p_user
                    WHERE t.id = p_tenant AND (p_config_version IS NULL OR t.config_version = p_config_version);
                  IF NOT FOUND THEN
                    RETURN QUERY SELECT CASE WHEN p_config_version IS NULL THEN 'not_member' ELSE 'stale' END,
                      NULL::numeric, NULL::numeric, NULL::numeric;
                    RETURN;
                  END IF;

                  INSERT INTO budgets (id, tenant_id, member_user_id, month, limit_usd, spent_usd, reserved_usd)
                  VALUES (p_member_budget, p_tenant, p_user, p_month, v_member_limit, 0, 0),
                         (p_tenant_budget, p_tenant, NULL, p_month, v_tenant_limit, 0, 0)
                  ON CONFLICT (tenant_id, member_user_id, month) DO NOTHING;

                  -- The whole check is in the WHERE clause of the statement that takes the row lock: no check-then-act.
                  UPDATE budgets b SET reserved_usd = b.reserved_usd + p_estimate
                    WHERE b.tenant_id = p_tenant AND b.member_user_id = p_user AND b.month = p_month
                      AND (b.limit_usd IS NULL OR b.spent_usd + b.reserved_usd + p_estimate <= b.limit_usd)
                    RETURNING b.id INTO v_member_budget;
                  IF v_member_budget IS NULL THEN
                    RETURN QUERY SELECT 'member', b.limit_usd, b.spent_usd, b.reserved_usd FROM budgets b
                      WHERE b.tenant_id = p_tenant AND b.member_user_id = p_user AND b.month = p_month;
                    RETURN;
                  END IF;

                  UPDATE budgets b SET reserved_usd = b.reserved_usd + p_estimate
                    WHERE b.tenant_id = p_tenant AND b.member_user_id IS NULL AND b.month = p_month
                      AND (b.limit_usd IS NULL OR b.spent_usd + b.reserved_usd + p_estimate <= b.limit_usd)
                    RETURNING b.id INTO v_tenant_budget;
                  IF v_tenant_budget IS NULL THEN
                    UPDATE budgets b SET reserved_usd = b.reserved_usd - p_estimate WHERE b.id = v_member_budget;
                    RETURN QUERY SELECT 'tenant', b.limit_usd, b.spent_usd, b.reserved_usd FROM budgets b
                      WHERE b.tenant_id = p_tenant AND b.member_user_id IS NULL AND b.month = p_month;
                    RETURN;
                  END IF;

                  INSERT INTO budget_reservations (id, tenant_id, user_id, member_budget_id, tenant_budget_id, estimate_usd, status, created_at)
                  VALUES (p_reservation, p_tenant, p_user, v_member_budget, v_tenant_budget, p_estimate, 'Held', p_now);
                  RETURN QUERY SELECT 'reserved', NULL::numeric, NULL::numeric, NULL::numeric;
                END $$;

                -- Closes or corrects one of the tenant's reservations, by p_mode:
                --   'release': a held reservation gives its hold back;
                --   'settle':  a held one becomes spend of p_cost; a released one (swept while its call still ran) still
                --              records the cost; a settled one is left alone;
                --   'correct': a settled one's spend is brought to p_cost, both budgets moved by the difference;
                --   'bill':    what OpenRouter billed, p_cost, whatever came before: 'settle', or 'correct' when settled.
                -- Returns whether it changed anything. Without p_flush its commit does not wait for the disk (the caller's
                -- next write is durable and makes this one durable with it).
                CREATE FUNCTION budget_close(
                  p_tenant uuid, p_reservation uuid, p_mode text, p_cost numeric, p_now timestamptz, p_flush boolean)
                RETURNS boolean LANGUAGE plpgsql AS $$
                DECLARE
                  r record;
                  v_held numeric;
                  v_spent numeric;
                BEGIN
                  IF NOT p_flush THEN
                    PERFORM set_config('synchronous_commit', 'off', true);
                  END IF;
                  SELECT status, estimate_usd, member_budget_id, tenant_budget_id, actual_cost_usd INTO r
                    FROM budget_reservations WHERE id = p_reservation AND tenant_id = p_tenant FOR UPDATE;
                  IF NOT FOUND THEN
                    RETURN false;
                  END IF;

                  IF r.status = 'Held' AND p_mode = 'release' THEN
                    v_held := -r.estimate_usd;
                    v_spent := 0;
                  ELSIF r.status = 'Held' AND p_mode IN ('settle', 'bill') THEN
                    v_held := -r.estimate_usd;
                    v_spent := p_cost;
                  ELSIF r.status = 'Released' AND p_mode IN ('settle', 'bill') THEN
                    v_held := 0;
                    v_spent := p_cost;
                  ELSIF r.status = 'Settled' AND p_mode IN ('correct', 'bill') AND r.actual_cost_usd <> p_cost THEN
                    v_held := 0;
                    v_spent := p_cost - r.actual_cost_usd;
                  ELSE
                    RETURN false;
                  END IF;

                  UPDATE budgets SET reserved_usd = reserved_usd + v_held, spent_usd = spent_usd + v_spent
                    WHERE id = r.member_budget_id AND tenant_id = p_tenant;
                  UPDATE budgets SET reserved_usd = reserved_usd + v_held, spent_usd = spent_usd + v_spent
                    WHERE id = r.tenant_budget_id AND tenant_id = p_tenant;
                  IF p_mode = 'release' THEN
                    UPDATE budget_reservations SET status = 'Released', released_at = p_now WHERE id = p_reservation;
                  ELSIF r.status = 'Settled' THEN
                    UPDATE budget_reservations SET actual_cost_usd = p_cost WHERE id = p_reservation;
                  ELSE
                    UPDATE budget_reservations SET status = 'Settled', actual_cost_usd = p_cost, settled_at = p_now WHERE id = p_reservation;
                  END IF;
                  RETURN true;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP FUNCTION budget_close(uuid, uuid, text, numeric, timestamptz, boolean);
                DROP FUNCTION budget_reserve(uuid, uuid, date, numeric, uuid, timestamptz, uuid, uuid, bigint);
                DROP TRIGGER api_tokens_config_version ON api_tokens;
                DROP TRIGGER openrouter_credentials_config_version ON openrouter_credentials;
                DROP TRIGGER model_allow_lists_config_version ON model_allow_lists;
                DROP TRIGGER memberships_config_version ON memberships;
                DROP TRIGGER tenants_config_version ON tenants;
                DROP FUNCTION tenant_config_changed();
                DROP FUNCTION tenant_config_bump();
                """);

            migrationBuilder.DropColumn(
                name: "config_version",
                table: "tenants");
        }
    }
}

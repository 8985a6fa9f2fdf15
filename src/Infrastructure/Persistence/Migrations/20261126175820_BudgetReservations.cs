using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenRouterSaaS.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class BudgetReservations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "budget_alert_percent",
                table: "tenants",
                type: "integer",
                nullable: false,
                defaultValue: 80);

            migrationBuilder.AddColumn<int>(
                name: "default_max_tokens",
                table: "tenants",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "member_monthly_limit_usd",
                table: "tenants",
                type: "numeric(20,10)",
                precision: 20,
                scale: 10,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "monthly_limit_usd",
                table: "tenants",
                type: "numeric(20,10)",
                precision: 20,
                scale: 10,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "monthly_limit_override_usd",
                table: "memberships",
                type: "numeric(20,10)",
                precision: 20,
                scale: 10,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "budgets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    limit_usd = table.Column<decimal>(type: "numeric(20,10)", precision: 20, scale: 10, nullable: true),
                    spent_usd = table.Column<decimal>(type: "numeric(20,10)", precision: 20, scale: 10, nullable: false),
                    reserved_usd = table.Column<decimal>(type: "numeric(20,10)", precision: 20, scale: 10, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_budgets", x => x.id);
                    table.CheckConstraint("ck_budgets_reserved_not_negative", "reserved_usd >= 0");
                    table.CheckConstraint("ck_budgets_spent_not_negative", "spent_usd >= 0");
                    table.ForeignKey(
                        name: "fk_budgets_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "budget_reservations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_budget_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_budget_id = table.Column<Guid>(type: "uuid", nullable: false),
                    estimate_usd = table.Column<decimal>(type: "numeric(20,10)", precision: 20, scale: 10, nullable: false),
                    actual_cost_usd = table.Column<decimal>(type: "numeric(20,10)", precision: 20, scale: 10, nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    settled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    released_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_budget_reservations", x => x.id);
                    table.CheckConstraint("ck_budget_reservations_estimate_not_negative", "estimate_usd >= 0");
                    table.ForeignKey(
                        name: "fk_budget_reservations_budgets_member_budget_id",
                        column: x => x.member_budget_id,
                        principalTable: "budgets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_budget_reservations_budgets_tenant_budget_id",
                        column: x => x.tenant_budget_id,
                        principalTable: "budgets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_budget_reservations_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_budget_reservations_held_created_at",
                table: "budget_reservations",
                column: "created_at",
                filter: "status = 'Held'");

            migrationBuilder.CreateIndex(
                name: "ix_budget_reservations_member_budget_id",
                table: "budget_reservations",
                column: "member_budget_id");

            migrationBuilder.CreateIndex(
                name: "ix_budget_reservations_tenant_budget_id",
                table: "budget_reservations",
                column: "tenant_budget_id");

            migrationBuilder.CreateIndex(
                name: "ix_budget_reservations_tenant_id_user_id",
                table: "budget_reservations",
                columns: new[] { "tenant_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_budgets_tenant_id_member_user_id_month",
                table: "budgets",
                columns: new[] { "tenant_id", "member_user_id", "month" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "budget_reservations");

            migrationBuilder.DropTable(
                name: "budgets");

            migrationBuilder.DropColumn(
                name: "budget_alert_percent",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "default_max_tokens",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "member_monthly_limit_usd",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "monthly_limit_usd",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "monthly_limit_override_usd",
                table: "memberships");
        }
    }
}

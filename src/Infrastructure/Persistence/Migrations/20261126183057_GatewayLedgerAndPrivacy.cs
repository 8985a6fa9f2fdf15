using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenRouterSaaS.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class GatewayLedgerAndPrivacy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "correlation_id",
                table: "usage_records",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "error_message",
                table: "usage_records",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "generation_cost_usd",
                table: "usage_records",
                type: "numeric(20,10)",
                precision: 20,
                scale: 10,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "next_reconcile_at",
                table: "usage_records",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "reconcile_attempts",
                table: "usage_records",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "reconciled_at",
                table: "usage_records",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "zero_data_retention",
                table: "usage_records",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "requires_zero_data_retention",
                table: "tenants",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "activity_days",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    model = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    usage_usd = table.Column<decimal>(type: "numeric(20,10)", precision: 20, scale: 10, nullable: false),
                    requests = table.Column<int>(type: "integer", nullable: false),
                    prompt_tokens = table.Column<long>(type: "bigint", nullable: false),
                    completion_tokens = table.Column<long>(type: "bigint", nullable: false),
                    reasoning_tokens = table.Column<long>(type: "bigint", nullable: false),
                    imported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_activity_days", x => x.id);
                    table.ForeignKey(
                        name: "fk_activity_days_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_usage_records_reconcile_due",
                table: "usage_records",
                column: "next_reconcile_at",
                filter: "next_reconcile_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_activity_days_tenant_id_date_model",
                table: "activity_days",
                columns: new[] { "tenant_id", "date", "model" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "activity_days");

            migrationBuilder.DropIndex(
                name: "ix_usage_records_reconcile_due",
                table: "usage_records");

            migrationBuilder.DropColumn(
                name: "correlation_id",
                table: "usage_records");

            migrationBuilder.DropColumn(
                name: "error_message",
                table: "usage_records");

            migrationBuilder.DropColumn(
                name: "generation_cost_usd",
                table: "usage_records");

            migrationBuilder.DropColumn(
                name: "next_reconcile_at",
                table: "usage_records");

            migrationBuilder.DropColumn(
                name: "reconcile_attempts",
                table: "usage_records");

            migrationBuilder.DropColumn(
                name: "reconciled_at",
                table: "usage_records");

            migrationBuilder.DropColumn(
                name: "zero_data_retention",
                table: "usage_records");

            migrationBuilder.DropColumn(
                name: "requires_zero_data_retention",
                table: "tenants");
        }
    }
}

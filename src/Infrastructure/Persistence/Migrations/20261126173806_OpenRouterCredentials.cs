using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenRouterSaaS.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class OpenRouterCredentials : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "credit_checked_at",
                table: "tenants",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "credit_remaining",
                table: "tenants",
                type: "numeric",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "key_policy",
                table: "tenants",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "PersonalFirst");

            migrationBuilder.AddColumn<bool>(
                name: "may_use_shared_key",
                table: "memberships",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.CreateTable(
                name: "openrouter_credentials",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    owner_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    encrypted_key = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    mask = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    fingerprint = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    label = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    limit = table.Column<decimal>(type: "numeric", nullable: true),
                    limit_remaining = table.Column<decimal>(type: "numeric", nullable: true),
                    usage = table.Column<decimal>(type: "numeric", nullable: true),
                    checked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    expires_on = table.Column<DateOnly>(type: "date", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_openrouter_credentials", x => x.id);
                    table.ForeignKey(
                        name: "fk_openrouter_credentials_asp_net_users_owner_user_id",
                        column: x => x.owner_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_openrouter_credentials_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_openrouter_credentials_owner_user_id",
                table: "openrouter_credentials",
                column: "owner_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_openrouter_credentials_tenant_id_kind_owner_user_id",
                table: "openrouter_credentials",
                columns: new[] { "tenant_id", "kind", "owner_user_id" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "openrouter_credentials");

            migrationBuilder.DropColumn(
                name: "credit_checked_at",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "credit_remaining",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "key_policy",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "may_use_shared_key",
                table: "memberships");
        }
    }
}

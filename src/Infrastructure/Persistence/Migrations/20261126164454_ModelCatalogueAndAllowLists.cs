using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenRouterSaaS.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ModelCatalogueAndAllowLists : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "catalogue_models",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    provider = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    context_length = table.Column<int>(type: "integer", nullable: true),
                    prompt_price = table.Column<decimal>(type: "numeric", nullable: true),
                    completion_price = table.Column<decimal>(type: "numeric", nullable: true),
                    request_price = table.Column<decimal>(type: "numeric", nullable: true),
                    input_cache_read_price = table.Column<decimal>(type: "numeric", nullable: true),
                    input_cache_write_price = table.Column<decimal>(type: "numeric", nullable: true),
                    supported_parameters = table.Column<string[]>(type: "text[]", nullable: false),
                    first_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    removed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_catalogue_models", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "model_allow_lists",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    mode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    allow_patterns = table.Column<string[]>(type: "text[]", nullable: false),
                    deny_patterns = table.Column<string[]>(type: "text[]", nullable: false),
                    max_prompt_price_per_million = table.Column<decimal>(type: "numeric(12,6)", precision: 12, scale: 6, nullable: true),
                    max_completion_price_per_million = table.Column<decimal>(type: "numeric(12,6)", precision: 12, scale: 6, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by_user_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_model_allow_lists", x => x.id);
                    table.ForeignKey(
                        name: "fk_model_allow_lists_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_catalogue_models_provider",
                table: "catalogue_models",
                column: "provider");

            migrationBuilder.CreateIndex(
                name: "ix_model_allow_lists_tenant_id",
                table: "model_allow_lists",
                column: "tenant_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "catalogue_models");

            migrationBuilder.DropTable(
                name: "model_allow_lists");
        }
    }
}

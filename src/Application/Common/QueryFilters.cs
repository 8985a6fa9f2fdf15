namespace OpenRouterSaaS.Application.Common;

/// <summary>Names of the EF Core query filters, so a query can lift exactly one of them and say why.</summary>
public static class QueryFilters
{
    /// <summary>Keeps tenant-owned rows to the current tenant.</summary>
    public const string Tenant = "Tenant";
}

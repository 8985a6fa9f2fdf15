using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace OpenRouterSaaS.Web.Tenancy;

/// <summary>Maps a page at Pages/Tenant/X/Y to /t/{slug}/x/y, so a new tenant page needs no route of its own.</summary>
internal static class TenantPageRoutes
{
    public const string Prefix = "t/{slug}";
    private const string Folder = "Tenant";

    public static void Apply(PageRouteModel model)
    {
        foreach (var selector in model.Selectors)
        {
            var template = selector.AttributeRouteModel?.Template;
            if (template is null || !template.StartsWith(Folder, StringComparison.Ordinal))
            {
                continue;
            }

            selector.AttributeRouteModel!.Template = Prefix + template[Folder.Length..].ToLowerInvariant();
        }
    }
}

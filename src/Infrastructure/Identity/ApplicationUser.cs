using Microsoft.AspNetCore.Identity;

namespace OpenRouterSaaS.Infrastructure.Identity;

/// <summary>A person's sign-in account. What they may do in a tenant lives on their memberships, not here.</summary>
public sealed class ApplicationUser : IdentityUser<Guid>
{
    public const int DisplayNameMaxLength = 100;

    public ApplicationUser()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString();
    }

    public string? DisplayName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

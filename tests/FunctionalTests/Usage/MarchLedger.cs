using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using static OpenRouterSaaS.FunctionalTests.Usage.UsageLedger;

namespace OpenRouterSaaS.FunctionalTests.Usage;

/// <summary>
/// A tenant whose people made six calls in March 2026 (with calls just outside it), and a second tenant with a call of
/// its own in March: the data the admin page and export tests read.
/// </summary>
public sealed record MarchLedger(TenantPeople People, TestUser OtherOwner, string OtherSlug, string AdminGenerationId)
{
    public const string MarchQuery = "from=2026-03-01&to=2026-03-31";
    public const string Mini = "openai/gpt-4o-mini";
    public const string Haiku = "anthropic/claude-3.5-haiku";
    public const string Llama = "meta-llama/llama-3.3-70b-instruct:free";
    public const string OtherTenantsModel = "other/secret-model";

    public string Slug => People.Slug;

    /// <remarks>
    /// In March: $4.25 over 6 calls (3 completed, 1 failed, 1 cancelled, 1 pending; 1 reconciled), 610 prompt and 190
    /// completion tokens. By member: the admin $2.50 (1 call), the owner $1.00 (1), the member $0.75 (4). By model:
    /// Haiku $2.50, Mini $1.50 (4 calls), Llama $0.25. By key: shared $3.00 (2 calls), personal $1.25 (4).
    /// </remarks>
    public static async Task<MarchLedger> CreateAsync(AppFixture fixture)
    {
        var people = await fixture.TenantWithPeopleAsync();
        var (otherOwner, otherSlug) = await fixture.TenantWithOwnerAsync("other-owner");
        var (owner, admin, member) = (people.Owner.Email, people.Admin.Email, people.Member.Email);
        var adminGenerationId = "gen-admin-" + people.Slug;
        await fixture.AddCallsAsync(people.Slug,
            new LedgerRow(member, Utc(2026, 3, 1, 0, 0), Mini, Status: UsageStatus.Pending),
            new LedgerRow(owner, Utc(2026, 3, 2, 10), Mini, Cost: 1.00m, Prompt: 100, Completion: 50),
            new LedgerRow(admin, Utc(2026, 3, 2, 11), Haiku, CredentialKind.Shared, Cost: 2.00m, Reconciled: 2.50m, Prompt: 200, Completion: 100, GenerationId: adminGenerationId, Provider: "Anthropic", Streamed: true),
            new LedgerRow(member, Utc(2026, 3, 5, 9), Mini, CredentialKind.Shared, Cost: 0.50m, Prompt: 300, Completion: 30, Zdr: true),
            new LedgerRow(member, Utc(2026, 3, 5, 9, 30), Mini, Status: UsageStatus.Failed, ErrorCode: "503", ErrorMessage: "OpenRouter is unavailable; try again in a minute."),
            new LedgerRow(member, Utc(2026, 3, 31, 23, 59), "openrouter/auto", Status: UsageStatus.Cancelled, Served: Llama, Cost: 0.25m, Prompt: 10, Completion: 10),
            // Just outside March.
            new LedgerRow(member, Utc(2026, 2, 28, 23, 59), Mini, Cost: 100m),
            new LedgerRow(member, Utc(2026, 4, 1, 0, 0), Mini, Cost: 200m));
        await fixture.AddCallsAsync(otherSlug, new LedgerRow(otherOwner.Email, Utc(2026, 3, 10), OtherTenantsModel, Cost: 50m));
        return new MarchLedger(people, otherOwner, otherSlug, adminGenerationId);
    }
}

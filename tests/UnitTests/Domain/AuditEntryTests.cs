using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.ApiTokens;
using OpenRouterSaaS.Domain.Audit;

namespace OpenRouterSaaS.UnitTests.Domain;

public sealed class AuditEntryTests
{
    private const string OpenRouterKey = "sk-or-v1-0000000000000000000000000000000000000000000000000000000000000001";

    [Fact]
    public void An_entry_keeps_who_what_and_when()
    {
        var tenant = Guid.CreateVersion7();
        var actor = Guid.CreateVersion7();
        var target = Guid.CreateVersion7();
        var at = DateTimeOffset.UtcNow;

        var entry = new AuditEntry(tenant, actor, AuditActions.ApiTokenCreated, "api_token", target, "Created the API token \"CI\".", "{\"name\":\"CI\"}", at);

        Assert.Equal((tenant, actor, "api_token.created", "api_token", target, at), (entry.TenantId, entry.ActorUserId, entry.Action, entry.TargetType, entry.TargetId!.Value, entry.OccurredAt));
    }

    [Fact]
    public void An_entry_with_a_token_in_its_summary_or_details_is_refused_without_repeating_it()
    {
        var (token, _) = OpaqueToken.Create(ApiTokenFormat.Prefix);

        var inSummary = Assert.Throws<ArgumentException>(() => Entry($"Created {token}", null));
        var inDetails = Assert.Throws<ArgumentException>(() => Entry("Created a token", $"{{\"token\":\"{token}\"}}"));

        Assert.False(inSummary.Message.Contains(token, StringComparison.Ordinal) || inDetails.Message.Contains(token, StringComparison.Ordinal), "The refusal repeated the token.");
    }

    [Fact]
    public void An_entry_with_an_openrouter_key_is_refused() =>
        Assert.Throws<ArgumentException>(() => Entry("Saved a key", $"{{\"key\":\"{OpenRouterKey}\"}}"));

    [Fact]
    public void A_masked_key_and_a_masked_token_are_fine()
    {
        var entry = Entry("Saved the key sk-or-v1-…0001 and the token ors_…abcd", "{\"fingerprint\":\"0123456789ab\"}");

        Assert.Equal("Saved the key sk-or-v1-…0001 and the token ors_…abcd", entry.Summary);
    }

    [Fact]
    public void A_long_summary_is_shortened_to_fit()
    {
        var entry = Entry(new string('x', 800), null);

        Assert.Equal(AuditEntry.SummaryMaxLength, entry.Summary.Length);
        Assert.EndsWith("…", entry.Summary, StringComparison.Ordinal);
    }

    private static AuditEntry Entry(string summary, string? details) =>
        new(Guid.CreateVersion7(), null, AuditActions.ApiTokenCreated, "api_token", null, summary, details, DateTimeOffset.UtcNow);
}

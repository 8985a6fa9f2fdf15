using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.UnitTests.Domain;

public sealed class OwnershipRulesTests
{
    private static Membership Member(TenantRole role) => new(Guid.CreateVersion7(), Guid.CreateVersion7(), role, DateTimeOffset.UnixEpoch);

    [Fact]
    public void The_last_owner_cannot_stop_being_owner()
    {
        var result = OwnershipRules.CanStopBeingOwner(Member(TenantRole.Owner), ownerCount: 1);

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Conflict, result.Error!.Kind);
        Assert.Equal(OwnershipRules.LastOwnerMessage, result.Error.Message);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void An_owner_among_several_may_stop_being_owner(int ownerCount) =>
        Assert.True(OwnershipRules.CanStopBeingOwner(Member(TenantRole.Owner), ownerCount).IsSuccess);

    [Theory]
    [InlineData(TenantRole.Admin, 1)]
    [InlineData(TenantRole.Member, 1)]
    [InlineData(TenantRole.Member, 0)]
    public void Someone_who_is_not_an_owner_is_not_held_back(TenantRole role, int ownerCount) =>
        Assert.True(OwnershipRules.CanStopBeingOwner(Member(role), ownerCount).IsSuccess);
}

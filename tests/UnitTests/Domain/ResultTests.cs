using OpenRouterSaaS.Domain.Common;

namespace OpenRouterSaaS.UnitTests.Domain;

public sealed class ResultTests
{
    [Fact]
    public void A_success_carries_its_value()
    {
        Result<int> result = 42;

        Assert.True(result.IsSuccess);
        Assert.Null(result.Error);
        Assert.Equal(42, result.Value);
    }

    [Fact]
    public void A_failure_has_no_value()
    {
        Result<int> result = Error.NotFound("Nothing here.");

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.NotFound, result.Error!.Kind);
        Assert.Throws<InvalidOperationException>(() => result.Value);
    }

    [Fact]
    public void A_field_error_names_its_field()
    {
        var error = Error.InvalidField("Slug", "Taken.");

        Assert.Equal(ErrorKind.Invalid, error.Kind);
        Assert.Equal("Taken.", error.Message);
        Assert.Equal(["Taken."], error.FieldErrors!["Slug"]);
    }
}

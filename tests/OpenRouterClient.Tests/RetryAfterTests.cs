using System.Net.Http.Headers;
using OpenRouterSaaS.Infrastructure.OpenRouter.Http;

namespace OpenRouterClient.Tests;

public sealed class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Seconds_are_read_as_a_delay()
    {
        using var response = new HttpResponseMessage();
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(12));

        Assert.Equal(TimeSpan.FromSeconds(12), RetryAfter.Read(response.Headers, Now));
    }

    [Fact]
    public void An_HTTP_date_is_read_as_the_time_left_until_it()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("Retry-After", "Tue, 10 Jun 2025 12:00:45 GMT");

        Assert.Equal(TimeSpan.FromSeconds(45), RetryAfter.Read(response.Headers, Now));
    }

    [Fact]
    public void A_date_in_the_past_means_now_and_no_header_means_nothing()
    {
        using var past = new HttpResponseMessage();
        past.Headers.TryAddWithoutValidation("Retry-After", "Tue, 10 Jun 2025 11:00:00 GMT");
        using var none = new HttpResponseMessage();
        using var garbage = new HttpResponseMessage();
        garbage.Headers.TryAddWithoutValidation("Retry-After", "soon");

        Assert.Equal(TimeSpan.Zero, RetryAfter.Read(past.Headers, Now));
        Assert.Null(RetryAfter.Read(none.Headers, Now));
        Assert.Null(RetryAfter.Read(garbage.Headers, Now));
    }
}

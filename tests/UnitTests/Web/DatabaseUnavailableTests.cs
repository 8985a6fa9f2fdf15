using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using OpenRouterSaaS.Web.Hosting;

namespace OpenRouterSaaS.UnitTests.Web;

/// <summary>Which failures mean "the database could not be reached" (503) rather than a refusal or a bug (not this handler's).</summary>
public sealed class DatabaseUnavailableTests
{
    public static TheoryData<string, Exception> Unavailable => new()
    {
        { "a lost connection", new NpgsqlException("Exception while reading from stream", new EndOfStreamException()) },
        { "a refused connection", new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)) },
        { "an exhausted pool", new NpgsqlException("The connection pool has been exhausted, either raise 'Max Pool Size'", new TimeoutException()) },
        { "a server shutting down", new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown) },
        { "too many connections", new PostgresException("sorry, too many clients already", "FATAL", "FATAL", PostgresErrorCodes.TooManyConnections) },
        { "a save that lost its connection", new DbUpdateException("An error occurred while saving the entity changes.", new NpgsqlException("Exception while writing to stream", new IOException())) },
        { "EF Core's wrapper of a transient failure", new InvalidOperationException("An exception has been raised that is likely due to a transient failure.", new NpgsqlException("x", new SocketException())) },
        { "Npgsql's own timeout", new TimeoutException("Timeout during reading attempt") { Source = "Npgsql" } },
        { "retries used up", new RetryLimitExceededException("The maximum number of retries was exceeded.", new NpgsqlException("x")) },
        { "one of several failures", new AggregateException(new ArgumentException("x"), new NpgsqlException("x", new SocketException())) },
    };

    public static TheoryData<string, Exception> Other => new()
    {
        { "a unique violation", new DbUpdateException("x", new PostgresException("duplicate key value", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)) },
        { "a syntax error", new PostgresException("syntax error", "ERROR", "ERROR", PostgresErrorCodes.SyntaxError) },
        { "OpenRouter unreachable", new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused)) },
        { "a timeout elsewhere", new TimeoutException("The operation has timed out.") },
        { "a bug", new InvalidOperationException("Sequence contains no elements") },
    };

    [Theory]
    [MemberData(nameof(Unavailable))]
    public void These_mean_the_database_is_unavailable(string what, Exception exception) =>
        Assert.True(DatabaseUnavailableHandler.IsDatabaseUnavailable(exception), what);

    [Theory]
    [MemberData(nameof(Other))]
    public void These_do_not(string what, Exception exception) =>
        Assert.False(DatabaseUnavailableHandler.IsDatabaseUnavailable(exception), what);
}

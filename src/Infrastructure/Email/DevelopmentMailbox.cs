using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OpenRouterSaaS.Application.Common.Interfaces;

namespace OpenRouterSaaS.Infrastructure.Email;

/// <summary>
/// Keeps sent messages in memory and writes them to the log instead of sending them, so sign-up and
/// invitations work on a machine with no mail server. The site shows the latest message to its recipient.
/// </summary>
public sealed class DevelopmentMailbox(ILogger<DevelopmentMailbox> logger, TimeProvider clock) : IEmailSender
{
    private const int KeptPerRecipient = 20;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<SentEmail>> _byRecipient = new(StringComparer.OrdinalIgnoreCase);

    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var queue = _byRecipient.GetOrAdd(message.To, _ => new ConcurrentQueue<SentEmail>());
        queue.Enqueue(new SentEmail(message, clock.GetUtcNow()));
        while (queue.Count > KeptPerRecipient && queue.TryDequeue(out _))
        {
        }

        logger.LogInformation("Development email to {To}: {Subject}. Link: {ActionUrl}", message.To, message.Subject, message.ActionUrl);
        return Task.CompletedTask;
    }

    /// <summary>Messages sent to <paramref name="recipient"/>, newest first.</summary>
    public IReadOnlyList<SentEmail> For(string recipient) =>
        _byRecipient.TryGetValue(recipient, out var queue) ? queue.Reverse().ToList() : [];
}

public sealed record SentEmail(EmailMessage Message, DateTimeOffset SentAt);

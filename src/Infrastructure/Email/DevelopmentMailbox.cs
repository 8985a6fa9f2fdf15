using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenRouterSaaS.Application.Common.Interfaces;

namespace OpenRouterSaaS.Infrastructure.Email;

/// <summary>
/// Keeps sent messages in memory instead of sending them, so sign-up and invitations work on a machine
/// with no mail server. In development it also writes them to the log and the site shows the latest
/// message to its recipient.
/// </summary>
public sealed class DevelopmentMailbox(ILogger<DevelopmentMailbox> logger, TimeProvider clock, IHostEnvironment environment) : IEmailSender
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

        if (environment.IsDevelopment())
        {
            logger.LogInformation("Development email to {To}: {Subject}. Link: {ActionUrl}", message.To, message.Subject, message.ActionUrl);
        }
        else
        {
            // Links carry sign-in tokens: outside development they must not reach a log.
            logger.LogWarning("Email to {To} ({Subject}) was not sent: no SMTP server is configured (Email:Smtp:Host)", message.To, message.Subject);
        }

        return Task.CompletedTask;
    }

    /// <summary>Messages sent to <paramref name="recipient"/>, newest first.</summary>
    public IReadOnlyList<SentEmail> For(string recipient) =>
        _byRecipient.TryGetValue(recipient, out var queue) ? queue.Reverse().ToList() : [];
}

public sealed record SentEmail(EmailMessage Message, DateTimeOffset SentAt);

namespace OpenRouterSaaS.Application.Common.Interfaces;

/// <summary>One email to one person. <see cref="ActionUrl"/> is the link the message asks them to follow.</summary>
public sealed record EmailMessage(string To, string Subject, string Body, string? ActionUrl = null);

/// <summary>Sends email. Development shows messages on screen and in the log instead of using SMTP.</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}

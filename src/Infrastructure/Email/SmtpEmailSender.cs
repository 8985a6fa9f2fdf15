using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;
using OpenRouterSaaS.Application.Common.Interfaces;

namespace OpenRouterSaaS.Infrastructure.Email;

public sealed class SmtpOptions
{
    public const string Section = "Email:Smtp";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public bool EnableSsl { get; set; } = true;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "no-reply@localhost";
}

/// <summary>Sends email through the SMTP server named in <c>Email:Smtp</c>.</summary>
public sealed class SmtpEmailSender(IOptions<SmtpOptions> options) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        using var client = new SmtpClient(settings.Host, settings.Port) { EnableSsl = settings.EnableSsl };
        if (!string.IsNullOrEmpty(settings.UserName))
        {
            client.Credentials = new NetworkCredential(settings.UserName, settings.Password);
        }

        var body = message.ActionUrl is null ? message.Body : $"{message.Body}\n\n{message.ActionUrl}\n";
        using var mail = new MailMessage(settings.From, message.To, message.Subject, body);
        await client.SendMailAsync(mail, cancellationToken);
    }
}

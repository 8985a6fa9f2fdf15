namespace OpenRouterSaaS.Application.Common.Interfaces;

/// <summary>Absolute links into the site, for messages that leave it (emails).</summary>
public interface IAppLinks
{
    string Invitation(string token);
}

namespace OpenRouterSaaS.Web.Areas.Identity;

/// <summary>A link from the development mailbox to show on the page, with the anchor's id and what following it does.</summary>
public sealed record DevelopmentMailboxLink(string? Url, string Id, string Prompt);

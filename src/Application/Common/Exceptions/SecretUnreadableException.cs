namespace OpenRouterSaaS.Application.Common.Exceptions;

/// <summary>A stored secret could not be decrypted. The message never contains the secret or the key material.</summary>
public sealed class SecretUnreadableException(string reason) : Exception($"A stored secret could not be decrypted: {reason}");

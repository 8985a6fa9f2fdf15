using System.Security.Cryptography;
using System.Text;

namespace OpenRouterSaaS.Application.Common.Security;

/// <summary>A random secret handed out once (in a link or to a program) and stored only as its SHA-256.</summary>
public static class OpaqueToken
{
    public static (string Token, byte[] Hash) Create(string prefix = "")
    {
        var token = prefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return (token, Hash(token));
    }

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

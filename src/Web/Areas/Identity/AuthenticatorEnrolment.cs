using System.Text;
using QRCoder;

namespace OpenRouterSaaS.Web.Areas.Identity;

/// <summary>What a person needs to add this site to an authenticator app: the key in readable groups, the otpauth URI and its QR code.</summary>
public static class AuthenticatorEnrolment
{
    private const string Issuer = "OpenRouterSaaS";

    /// <summary>The key in lower-case groups of four, as authenticator apps show it when typed by hand.</summary>
    public static string FormatKey(string key)
    {
        var formatted = new StringBuilder(key.Length + (key.Length / 4));
        for (var start = 0; start < key.Length; start += 4)
        {
            if (start > 0)
            {
                formatted.Append(' ');
            }

            formatted.Append(key.AsSpan(start, Math.Min(4, key.Length - start)));
        }

        return formatted.ToString().ToLowerInvariant();
    }

    /// <summary>A code as the app shows it, without the spaces or hyphens people type along with it.</summary>
    public static string NormaliseCode(string code) =>
        code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);

    public static string Uri(string email, string key) =>
        $"otpauth://totp/{System.Uri.EscapeDataString(Issuer)}:{System.Uri.EscapeDataString(email)}?secret={key}&issuer={System.Uri.EscapeDataString(Issuer)}&digits=6";

    /// <summary>The QR code of <paramref name="uri"/> as an SVG element, drawn on the server so the page needs no script.</summary>
    public static string QrCodeSvg(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.Q);
        return new SvgQRCode(data).GetGraphic(5, "#000000", "#ffffff", drawQuietZones: true, SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}

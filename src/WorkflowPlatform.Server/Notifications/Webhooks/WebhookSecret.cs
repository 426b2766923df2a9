using System.Security.Cryptography;

namespace WorkflowPlatform.Server.Notifications.Webhooks;

/// <summary>
/// A Standard Webhooks signing secret: <c>whsec_</c> followed by the base64 of 24–64 random bytes.
/// </summary>
public sealed class WebhookSecret
{
    public const string Prefix = "whsec_";
    public const int MinBytes = 24;
    public const int MaxBytes = 64;

    private WebhookSecret(string text, byte[] key)
    {
        Text = text;
        Key = key;
    }

    /// <summary>The secret as shown to the endpoint's owner (<c>whsec_…</c>).</summary>
    public string Text { get; }

    internal byte[] Key { get; }

    public static WebhookSecret Generate(int bytes = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, MinBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, MaxBytes);
        var key = RandomNumberGenerator.GetBytes(bytes);
        return new WebhookSecret(Prefix + Convert.ToBase64String(key), key);
    }

    public static bool TryParse(string? text, out WebhookSecret? secret)
    {
        secret = null;
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        var body = text.AsSpan(Prefix.Length);
        var buffer = new byte[body.Length];
        if (!Convert.TryFromBase64Chars(body, buffer, out var written) || written < MinBytes || written > MaxBytes)
            return false;
        secret = new WebhookSecret(text, buffer[..written]);
        return true;
    }

    public static WebhookSecret Parse(string text) =>
        TryParse(text, out var secret) ? secret! : throw new FormatException("A webhook secret is 'whsec_' followed by the base64 of 24 to 64 bytes.");

    public override string ToString() => Prefix + "…";
}

using System.Globalization;
using System.Security.Cryptography;

namespace WorkflowPlatform.Server.Notifications.Webhooks;

/// <summary>
/// Verifies a Standard Webhooks request as a consumer would: checks the timestamp tolerance and that one of
/// the <c>v1,</c> signatures in the header matches the secret (constant-time comparison).
/// </summary>
/// <example>
/// <code>
/// var verifier = new WebhookVerifier("whsec_…");
/// var result = verifier.Verify(headers["webhook-id"], headers["webhook-timestamp"], headers["webhook-signature"], bodyBytes);
/// if (!result.IsValid) return Results.Unauthorized();
/// </code>
/// </example>
public sealed class WebhookVerifier
{
    private readonly WebhookSecret _secret;
    private readonly TimeProvider _time;
    private readonly TimeSpan _tolerance;

    public WebhookVerifier(string secret, TimeSpan? tolerance = null, TimeProvider? time = null)
    {
        _secret = WebhookSecret.Parse(secret);
        _tolerance = tolerance ?? TimeSpan.FromMinutes(5);
        _time = time ?? TimeProvider.System;
    }

    public WebhookVerification Verify(string? messageId, string? timestamp, string? signatureHeader, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(messageId) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signatureHeader))
            return WebhookVerification.Fail("missing webhook-id, webhook-timestamp or webhook-signature header");
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return WebhookVerification.Fail("webhook-timestamp is not Unix seconds");
        var age = _time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (age.Duration() > _tolerance)
            return WebhookVerification.Fail("webhook-timestamp is outside the tolerance");

        var expected = WebhookSigner.Compute(messageId, seconds, body, _secret.Key);
        Span<byte> candidate = stackalloc byte[64];
        foreach (var part in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!part.StartsWith("v1,", StringComparison.Ordinal))
                continue;
            if (Convert.TryFromBase64String(part[3..], candidate, out var written)
                && CryptographicOperations.FixedTimeEquals(candidate[..written], expected))
                return WebhookVerification.Ok;
        }
        return WebhookVerification.Fail("no signature matches the secret");
    }
}

public readonly record struct WebhookVerification(bool IsValid, string? Error)
{
    public static WebhookVerification Ok => new(true, null);

    public static WebhookVerification Fail(string error) => new(false, error);
}

using System.Security.Cryptography;
using System.Text;

namespace WorkflowPlatform.Server.Notifications.Webhooks;

/// <summary>
/// Signs outgoing webhooks the Standard Webhooks way:
/// <c>webhook-signature: v1,&lt;base64 HMAC-SHA256 of "{id}.{timestamp}.{body}"&gt;</c>,
/// one space-separated signature per active secret (during rotation the old and the new secret both sign).
/// </summary>
public static class WebhookSigner
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    public static string Sign(string messageId, long timestamp, ReadOnlySpan<byte> body, IEnumerable<WebhookSecret> secrets)
    {
        var builder = new StringBuilder();
        foreach (var secret in secrets)
        {
            if (builder.Length > 0)
                builder.Append(' ');
            builder.Append("v1,").Append(Convert.ToBase64String(Compute(messageId, timestamp, body, secret.Key)));
        }
        if (builder.Length == 0)
            throw new ArgumentException("At least one secret is needed to sign a webhook.", nameof(secrets));
        return builder.ToString();
    }

    internal static byte[] Compute(string messageId, long timestamp, ReadOnlySpan<byte> body, byte[] key)
    {
        var prefix = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return HMACSHA256.HashData(key, content);
    }
}

using System.Net;
using System.Net.Mail;
using System.Text.Json;
using Microsoft.Extensions.Options;
using WorkflowPlatform.Server.Notifications.Webhooks;
using WorkflowPlatform.Server.VerificationWays;
using WorkflowPlatform.Storage.Notifications;

namespace WorkflowPlatform.Server.Notifications;

/// <summary>
/// E-mail notification ways: the event as a short text message over SMTP (the workspace's SMTP settings from
/// <c>VerificationWays:Email</c>). Outcomes map onto the webhook ones so e-mails share retries and the delivery log.
/// </summary>
public sealed class EmailNotifier(IOptions<VerificationWaysOptions> ways, TimeProvider time)
{
    public async Task<WebhookAttempt> SendAsync(Guid workspaceId, IReadOnlyList<string> to, NotificationEvent evt, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var smtp = ways.Value.EmailFor(workspaceId);
        if (smtp is null || string.IsNullOrEmpty(smtp.Host))
        {
            return Result(WebhookAttemptOutcome.Failed, "SMTP_NOT_CONFIGURED: set VerificationWays:Email", started);
        }
        if (to.Count == 0)
        {
            return Result(WebhookAttemptOutcome.Refused, "NO_RECIPIENTS", started);
        }

        var pretty = JsonSerializer.Serialize(JsonDocument.Parse(evt.PayloadJson).RootElement, new JsonSerializerOptions { WriteIndented = true });
        var error = await SendAsync(smtp, to, $"[WorkflowPlatform] {evt.Type}" + (evt.RequestId is null ? "" : $" {evt.RequestId}"),
            $"Event {evt.Id} ({evt.Type})\n\n{pretty}\n", cancellationToken);
        return error is null
            ? new WebhookAttempt(WebhookAttemptOutcome.Delivered, null, time.GetElapsedTime(started), "accepted by SMTP", null, null, time.GetUtcNow().ToUnixTimeSeconds())
            : Result(WebhookAttemptOutcome.Failed, error, started);
    }

    /// <summary>Sends one plain-text message; returns null or the error.</summary>
    public static async Task<string?> SendAsync(SmtpSettings smtp, IEnumerable<string> to, string subject, string body, CancellationToken cancellationToken)
    {
        using var message = new MailMessage { From = new MailAddress(smtp.From), Subject = subject, Body = body };
        foreach (var address in to)
        {
            message.To.Add(address);
        }
        using var client = new SmtpClient(smtp.Host, smtp.Port)
        {
            EnableSsl = smtp.EnableSsl,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Timeout = (int)smtp.Timeout.TotalMilliseconds,
        };
        if (smtp.UserName is not null)
        {
            client.Credentials = new NetworkCredential(smtp.UserName, smtp.Password);
        }
        try
        {
            await client.SendMailAsync(message, cancellationToken);
            return null;
        }
        catch (Exception e) when (e is SmtpException or IOException or InvalidOperationException or FormatException)
        {
            return $"SMTP_FAILED: {e.Message}";
        }
    }

    private WebhookAttempt Result(WebhookAttemptOutcome outcome, string error, long started)
        => new(outcome, null, time.GetElapsedTime(started), null, error, null, time.GetUtcNow().ToUnixTimeSeconds());
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace WorkflowPlatform.Server.Notifications.Webhooks;

/// <summary>One signed POST of one message to one endpoint.</summary>
public sealed record WebhookMessage(string MessageId, string Url, byte[] Body, IReadOnlyList<WebhookSecret> Secrets);

public enum WebhookAttemptOutcome
{
    /// <summary>2xx: done.</summary>
    Delivered,

    /// <summary>Any other answer, a timeout or a connection error: try again on the schedule.</summary>
    Failed,

    /// <summary>410 Gone: the receiver asks us to stop; the endpoint is disabled.</summary>
    Gone,

    /// <summary>The URL is not allowed by the outbound policy; retrying will not help.</summary>
    Refused,
}

/// <summary>What happened on one attempt, as written to the delivery log.</summary>
public sealed record WebhookAttempt(
    WebhookAttemptOutcome Outcome,
    int? StatusCode,
    TimeSpan Latency,
    string? ResponseExcerpt,
    string? Error,
    TimeSpan? RetryAfter,
    long Timestamp);

/// <summary>
/// Posts one Standard Webhooks message: <c>webhook-id</c> (the same on every retry), <c>webhook-timestamp</c>
/// (now, Unix seconds), <c>webhook-signature</c> (one <c>v1,</c> entry per active secret). Redirects are
/// not followed (3xx is a failure); the timeout is 15 s by default.
/// </summary>
public sealed class WebhookSender(HttpClient http, OutboundUrlPolicy policy, TimeProvider time)
{
    public const int ExcerptLength = 512;

    /// <summary>An <see cref="HttpClient"/> as the sender needs it: no redirects, no cookies, a timeout.</summary>
    public static HttpClient CreateClient(TimeSpan? timeout = null) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = timeout ?? TimeSpan.FromSeconds(15),
        };

    public async Task<WebhookAttempt> SendAsync(WebhookMessage message, CancellationToken cancellationToken = default)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var decision = await policy.CheckAsync(message.Url, cancellationToken);
        if (!decision.Allowed)
            return new WebhookAttempt(WebhookAttemptOutcome.Refused, null, TimeSpan.Zero, null, $"{decision.Code}: {decision.Reason}", null, timestamp);

        using var request = new HttpRequestMessage(HttpMethod.Post, decision.Uri)
        {
            Content = new ByteArrayContent(message.Body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } },
        };
        request.Headers.TryAddWithoutValidation(WebhookSigner.IdHeader, message.MessageId);
        request.Headers.TryAddWithoutValidation(WebhookSigner.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(WebhookSigner.SignatureHeader, WebhookSigner.Sign(message.MessageId, timestamp, message.Body, message.Secrets));
        request.Headers.UserAgent.ParseAdd("WorkflowPlatform-Webhooks/1.0");

        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var excerpt = await ReadExcerptAsync(response, cancellationToken);
            var latency = Stopwatch.GetElapsedTime(started);
            var status = (int)response.StatusCode;
            var outcome = status switch
            {
                >= 200 and < 300 => WebhookAttemptOutcome.Delivered,
                (int)HttpStatusCode.Gone => WebhookAttemptOutcome.Gone,
                _ => WebhookAttemptOutcome.Failed,
            };
            return new WebhookAttempt(outcome, status, latency, excerpt, outcome == WebhookAttemptOutcome.Failed ? $"HTTP {status}" : null, RetryAfterOf(response), timestamp);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookAttempt(WebhookAttemptOutcome.Failed, null, Stopwatch.GetElapsedTime(started), null, $"timeout after {http.Timeout.TotalSeconds:0.#} s", null, timestamp);
        }
        catch (HttpRequestException e)
        {
            return new WebhookAttempt(WebhookAttemptOutcome.Failed, null, Stopwatch.GetElapsedTime(started), null, $"connection failed: {e.HttpRequestError}: {e.Message}", null, timestamp);
        }
    }

    private TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
            return delta;
        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    private static async Task<string> ReadExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[ExcerptLength];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
            total += read;
        return Encoding.UTF8.GetString(buffer, 0, total);
    }
}

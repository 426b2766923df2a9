using System.Net.Mail;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;
using WorkflowPlatform.Server.Enrolment;
using WorkflowPlatform.Server.Enrolment.Tokens;
using WorkflowPlatform.Storage;
using WorkflowPlatform.Storage.Requests;

namespace WorkflowPlatform.Server.VerificationWays;

/// <summary>Result of one delivery attempt.</summary>
public sealed record DispatchResult(string Status, string? Error);

/// <summary>
/// Delivers the capture link by e-mail (SMTP) or SMS (HTTP gateway), records the outcome on the request and, when a
/// delivery fails, schedules a Quartz retry with exponential back-off until <see cref="VerificationWaysOptions.MaxAttempts"/>.
/// </summary>
public sealed partial class VerificationWayDispatcher(
    IServiceScopeFactory scopes, IOptionsMonitor<VerificationWaysOptions> options, IHttpClientFactory http,
    SessionTokenService tokens, ISchedulerFactory schedulers, TimeProvider time, ILogger<VerificationWayDispatcher> logger)
{
    public const string HttpClientName = "sms-gateway";

    /// <summary>Sends the link of request <paramref name="requestId"/>; <paramref name="baseUrl"/> is the public origin of the links.</summary>
    public async Task<DispatchResult> DispatchAsync(Guid workspaceId, string requestId, string baseUrl, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IWorkspaceContext>().Set(workspaceId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var record = await db.Set<PublicRequestRecord>().SingleOrDefaultAsync(r => r.Id == requestId, ct);
        if (record is null || record.DispatchStatus is "sent" or "not_required")
            return new(record?.DispatchStatus ?? "missing", null);
        if (record.ExpiresAt <= time.GetUtcNow())
        {
            record.DispatchStatus = "failed";
            record.DispatchError = "The request expired before the link could be delivered.";
            record.NextDispatchAt = null;
            await db.SaveChangesAsync(ct);
            return new(record.DispatchStatus, record.DispatchError);
        }
        var app = await db.Applications.AsNoTracking().SingleOrDefaultAsync(a => a.Id == record.ApplicationId, ct);
        var token = tokens.Issue(workspaceId, Guid.ParseExact(requestId, "N"), record.ExpiresAt);
        var url = RequestService.Links(baseUrl, token, record.Locale).Url;
        var o = options.CurrentValue;
        string? error;
        try
        {
            error = record.WayType switch
            {
                "email" => await SendEmailAsync(o.EmailFor(workspaceId), record, app?.Name ?? "WorkflowPlatform", url, ct),
                "sms" => await SendSmsAsync(o.SmsFor(workspaceId), record, app?.Name ?? "WorkflowPlatform", url, ct),
                _ => null,
            };
        }
        catch (Exception e) when (e is SmtpException or HttpRequestException or IOException or TaskCanceledException or InvalidOperationException or FormatException)
        {
            error = e.GetType().Name + ": " + e.Message;
        }

        record.DispatchAttempts++;
        record.UpdatedAt = time.GetUtcNow();
        if (error is null)
        {
            record.DispatchStatus = "sent";
            record.DispatchError = null;
            record.DispatchedAt = time.GetUtcNow();
            record.NextDispatchAt = null;
        }
        else
        {
            record.DispatchError = error.Length > 2000 ? error[..2000] : error;
            if (record.DispatchAttempts >= o.MaxAttempts)
            {
                record.DispatchStatus = "failed";
                record.NextDispatchAt = null;
            }
            else
            {
                record.DispatchStatus = "retrying";
                record.NextDispatchAt = time.GetUtcNow() + o.FirstRetryDelay * Math.Pow(2, record.DispatchAttempts - 1);
            }
        }
        await db.SaveChangesAsync(ct);
        Log.Dispatched(logger, requestId, record.WayType, record.DispatchStatus, record.DispatchAttempts, error);
        if (record.NextDispatchAt is { } due)
            await ScheduleRetryAsync(workspaceId, requestId, baseUrl, due, ct);
        return new(record.DispatchStatus, record.DispatchError);
    }

    private async Task ScheduleRetryAsync(Guid workspaceId, string requestId, string baseUrl, DateTimeOffset due, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var job = JobBuilder.Create<DispatchRetryJob>()
            .WithIdentity("dispatch-" + requestId, "verification-ways")
            .UsingJobData("workspaceId", workspaceId.ToString("D"))
            .UsingJobData("requestId", requestId)
            .UsingJobData("baseUrl", baseUrl)
            .Build();
        var trigger = TriggerBuilder.Create().WithIdentity("dispatch-" + requestId, "verification-ways").StartAt(due).Build();
        await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, ct);
    }

    private static async Task<string?> SendEmailAsync(SmtpSettings? smtp, PublicRequestRecord record, string appName, string url, CancellationToken ct)
    {
        if (smtp is null || string.IsNullOrWhiteSpace(smtp.Host))
            return "No SMTP server is configured (VerificationWays:Email:Host).";
        var (subject, text, html) = Messages.Email(record.Locale, appName, url, record.ExpiresAt);
        using var message = new MailMessage(smtp.From, record.WayTo!)
        {
            Subject = subject,
            Body = text,
            BodyEncoding = Encoding.UTF8,
            SubjectEncoding = Encoding.UTF8,
        };
        message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(html, Encoding.UTF8, "text/html"));
        using var client = new SmtpClient(smtp.Host, smtp.Port)
        {
            EnableSsl = smtp.EnableSsl,
            Timeout = (int)smtp.Timeout.TotalMilliseconds,
            DeliveryMethod = SmtpDeliveryMethod.Network,
        };
        if (!string.IsNullOrEmpty(smtp.UserName))
            client.Credentials = new System.Net.NetworkCredential(smtp.UserName, smtp.Password);
        await client.SendMailAsync(message, ct);
        return null;
    }

    private async Task<string?> SendSmsAsync(SmsGatewaySettings? sms, PublicRequestRecord record, string appName, string url, CancellationToken ct)
    {
        if (sms is null || !Uri.TryCreate(sms.Url, UriKind.Absolute, out var endpoint))
            return "No SMS gateway is configured (VerificationWays:Sms:Url).";
        var text = Messages.Sms(record.Locale, appName, url);
        // Relaxed escaping: the body goes to a gateway, not into HTML, and "+4915…" must stay readable.
        static string Esc(string s) => JsonEncodedText.Encode(s, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
        var body = sms.BodyTemplate
            .Replace("{to}", Esc(record.WayTo!), StringComparison.Ordinal)
            .Replace("{text}", Esc(text), StringComparison.Ordinal)
            .Replace("{url}", Esc(url), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, Encoding.UTF8, sms.ContentType) };
        if (!string.IsNullOrEmpty(sms.AuthHeader))
            request.Headers.TryAddWithoutValidation(sms.AuthHeader, sms.AuthValue);
        using var response = await http.CreateClient(HttpClientName).SendAsync(request, ct);
        return response.IsSuccessStatusCode ? null : $"The SMS gateway answered {(int)response.StatusCode} {response.ReasonPhrase}.";
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "Verification way {Way} of request {RequestId}: {Status} after {Attempts} attempt(s) {Error}")]
        public static partial void Dispatched(ILogger logger, string requestId, string way, string status, int attempts, string? error);
    }
}

/// <summary>Quartz job: one more delivery attempt of a request's link.</summary>
[DisallowConcurrentExecution]
public sealed class DispatchRetryJob(VerificationWayDispatcher dispatcher) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        await dispatcher.DispatchAsync(Guid.Parse(data.GetString("workspaceId")!), data.GetString("requestId")!, data.GetString("baseUrl")!, cancellationToken);
    }
}

public static class VerificationWaysSetup
{
    public static IServiceCollection AddVerificationWays(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<VerificationWaysOptions>().BindConfiguration(VerificationWaysOptions.SectionName)
            .Validate(o => o.MaxAttempts is >= 1 and <= 20 && o.FirstRetryDelay > TimeSpan.Zero, "VerificationWays: MaxAttempts 1–20 and a positive FirstRetryDelay.")
            .ValidateOnStart();
        services.AddHttpClient(VerificationWayDispatcher.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton<VerificationWayDispatcher>();
        services.AddTransient<DispatchRetryJob>();
        return services;
    }
}

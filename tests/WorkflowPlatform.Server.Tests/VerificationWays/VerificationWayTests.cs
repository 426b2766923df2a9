using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using WorkflowPlatform.Server.Tests.Requests;
using WorkflowPlatform.Server.VerificationWays;
using WorkflowPlatform.Testing;
using Xunit;

namespace WorkflowPlatform.Server.Tests.VerificationWays;

/// <summary>The platform with a local SMTP server and SMS gateway configured.</summary>
public sealed class WaysFactory : SelfiePathFactory, IAsyncLifetime
{
    public WaysFactory() : base(TestDatabase.Sqlite)
    {
        With("VerificationWays:Email:Host", "127.0.0.1");
        With("VerificationWays:Email:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        With("VerificationWays:Email:From", "verify@platform.test");
        With("VerificationWays:Sms:Url", Sms.Url);
        With("VerificationWays:Sms:AuthHeader", "X-Api-Key");
        With("VerificationWays:Sms:AuthValue", "gateway-secret");
        With("VerificationWays:Sms:BodyTemplate", "{\"recipient\":\"{to}\",\"message\":\"{text}\"}");
    }

    public SmtpListener Smtp { get; } = new();

    public SmsGatewayListener Sms { get; } = new();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
        await Sms.DisposeAsync();
    }
}

public sealed class VerificationWayTests(WaysFactory factory) : IClassFixture<WaysFactory>
{
    [Fact]
    public async Task Create_EmailWay_LocalizedMailWithWorkingLinkAndDispatchRecorded()
    {
        var api = await factory.CreateClientAsync(locale: "de-DE");

        var created = await api.CreateRequestAsync(new { user_id = "mail-user", verification_way = new { type = "email", to = "person@example.test" } });

        Assert.Equal("sent", created.GetProperty("dispatch").GetProperty("status").GetString());
        var mail = Assert.Single(factory.Smtp.Messages, m => m.To.Any(t => t.Contains("person@example.test", StringComparison.Ordinal)));
        Assert.Contains("verify@platform.test", mail.From);
        var decoded = DecodeQuotedPrintable(mail.Data);
        Assert.Contains("Überprüfung starten", decoded);
        var id = created.GetProperty("request_id").GetString()!;
        var link = System.Text.RegularExpressions.Regex.Match(decoded, @"https?://\S+/web-enrolment/\?token=[^\s""<&]+").Value;
        Assert.NotEmpty(link);
        var session = await (await factory.CreateSessionClient(Requests.Faces.TokenOf(link)).GetAsync("/api/v1/enrolment/session")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(id, session.GetProperty("requestId").GetString());

        var dispatch = (await api.GetRequestAsync(id)).GetProperty("verification_way").GetProperty("dispatch");
        Assert.Equal("sent", dispatch.GetProperty("status").GetString());
        Assert.Equal(1, dispatch.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task Create_SmsGatewayFailsOnce_RetryScheduledThenSent()
    {
        var api = await factory.CreateClientAsync();
        factory.Sms.Statuses.Enqueue(503);

        var created = await api.CreateRequestAsync(new { user_id = "sms-user", verification_way = new { type = "sms", to = "+4915112345678" } });
        var id = created.GetProperty("request_id").GetString()!;

        var first = (await api.GetRequestAsync(id)).GetProperty("verification_way").GetProperty("dispatch");
        Assert.Equal("retrying", first.GetProperty("status").GetString());
        Assert.Equal(1, first.GetProperty("attempts").GetInt32());
        Assert.Contains("503", first.GetProperty("error").GetString());
        Assert.NotNull(first.GetProperty("next_attempt_at").GetString());
        var scheduler = await factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Assert.NotNull(await scheduler.GetTrigger(new TriggerKey("dispatch-" + id, "verification-ways")));

        // What the scheduled Quartz job runs when it fires.
        var result = await factory.Services.GetRequiredService<VerificationWayDispatcher>().DispatchAsync(api.WorkspaceId, id, "http://localhost", default);

        Assert.Equal("sent", result.Status);
        var second = (await api.GetRequestAsync(id)).GetProperty("verification_way").GetProperty("dispatch");
        Assert.Equal("sent", second.GetProperty("status").GetString());
        Assert.Equal(2, second.GetProperty("attempts").GetInt32());
        var sms = factory.Sms.Received.Last();
        Assert.Equal("gateway-secret", sms.Auth);
        Assert.Contains("\"recipient\":\"+4915112345678\"", sms.Body);
        Assert.Contains("/web-enrolment/?token=", sms.Body);
    }

    [Fact]
    public async Task Create_SmsWithoutPhoneNumber_ValidationFailed()
    {
        var api = await factory.CreateClientAsync();

        var response = await api.Http.PostAsJsonAsync("/api/v1/requests", new { user_id = "u", verification_way = new { type = "sms", to = "12345" } });

        await response.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
    }

    private static string DecodeQuotedPrintable(string text)
    {
        var joined = text.Replace("=\n", "", StringComparison.Ordinal);
        var bytes = new List<byte>();
        for (var i = 0; i < joined.Length; i++)
        {
            if (joined[i] == '=' && i + 2 < joined.Length && Uri.IsHexDigit(joined[i + 1]) && Uri.IsHexDigit(joined[i + 2]))
            {
                bytes.Add(Convert.ToByte(joined.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
                bytes.Add((byte)joined[i]);
        }
        var decoded = System.Text.Encoding.UTF8.GetString([.. bytes]);
        // Base64 bodies: decode every base64 block too, so either transfer encoding is readable.
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, @"(?m)^[A-Za-z0-9+/=]{40,}(\n[A-Za-z0-9+/=]+)*"))
        {
            try
            {
                decoded += "\n" + System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(m.Value.Replace("\n", "", StringComparison.Ordinal)));
            }
            catch (FormatException)
            {
            }
        }
        return decoded;
    }
}

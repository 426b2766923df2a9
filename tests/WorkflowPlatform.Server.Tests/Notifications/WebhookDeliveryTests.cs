using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WorkflowPlatform.Server.Notifications.Webhooks;
using WorkflowPlatform.Server.Tests.Requests;
using Xunit;

namespace WorkflowPlatform.Server.Tests.Notifications;

/// <summary>
/// Delivery end to end on the real server: requests complete through the engine, the outbox rows commit with them, a
/// real listener on 127.0.0.1 receives and verifies. Retry timing is asserted by moving the clock, never by sleeping.
/// </summary>
public abstract class WebhookDeliveryTests<TFactory>(TFactory factory) : IClassFixture<TFactory>, IAsyncLifetime
    where TFactory : NotificationsFactory
{
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    private static JsonElement Body(ReceivedWebhook w) => JsonDocument.Parse(w.Body).RootElement;

    private void AssertSigned(ReceivedWebhook w, string secret)
    {
        var result = new WebhookVerifier(secret, time: factory.Clock).Verify(w.Id, w.Timestamp, w.Signature, w.Body);
        Assert.True(result.IsValid, result.Error);
    }

    [Fact]
    public async Task RequestCompletes_SubscribedEndpoint_ReceivesSignedEventsInSequence()
    {
        var client = await factory.CreateClientAsync();
        var (endpointId, secret) = await client.AddEndpointAsync(receiver.Url);

        var requestId = await client.CreateRequestAsync("user-1");
        await factory.DeliverDueAsync();

        // Attempts run in parallel; consumers order by data.sequence.
        var got = receiver.Received.OrderBy(w => Body(w).GetProperty("data").GetProperty("sequence").GetInt32()).ToList();
        Assert.Equal(new[] { "request.created", "request.completed", "selfie.registered" }, got.Select(w => Body(w).GetProperty("type").GetString()!).ToArray());
        foreach (var w in got)
        {
            AssertSigned(w, secret);
            Assert.True(w.Body.Length < 20 * 1024);
            Assert.StartsWith("msg_", w.Id);
        }
        Assert.Equal(3, got.Select(w => w.Id).Distinct().Count());
        var completed = Body(got[1]).GetProperty("data");
        Assert.Equal(requestId, completed.GetProperty("request_id").GetString());
        Assert.Equal("instant-approve", completed.GetProperty("workflow").GetString());
        Assert.Equal("user-1", completed.GetProperty("user_id").GetString());
        Assert.Equal("true", completed.GetProperty("selfie_registered").GetString());
        Assert.Equal("approved", completed.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Object, completed.GetProperty("modules").ValueKind);
        Assert.Equal([1, 2, 3], got.Select(w => Body(w).GetProperty("data").GetProperty("sequence").GetInt32()).ToArray());

        var log = await client.DeliveriesAsync(endpointId);
        Assert.Equal(3, log.GetArrayLength());
        foreach (var d in log.EnumerateArray())
        {
            Assert.Equal("delivered", d.GetProperty("status").GetString());
            var attempt = Assert.Single(d.GetProperty("attemptLog").EnumerateArray().ToList());
            Assert.Equal(200, attempt.GetProperty("statusCode").GetInt32());
            Assert.Equal("reply 200", attempt.GetProperty("responseExcerpt").GetString());
        }
    }

    [Fact]
    public async Task EventFilter_OnlyCompleted_OtherTypesNotSent()
    {
        var client = await factory.CreateClientAsync();
        await client.AddEndpointAsync(receiver.Url, "request.completed");
        await client.CreateRequestAsync("user-2");
        await factory.DeliverDueAsync();
        var w = Assert.Single(receiver.Received);
        Assert.Equal("request.completed", Body(w).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Receiver500_RetriedAfterFiveSecondsWithSameWebhookId()
    {
        var client = await factory.CreateClientAsync();
        var (endpointId, secret) = await client.AddEndpointAsync(receiver.Url, "request.completed");
        receiver.Script.Enqueue(new ReceiverReply(500));
        await client.CreateRequestAsync("user-3");
        await factory.DeliverDueAsync();
        Assert.Single(receiver.Received);

        factory.Clock.Advance(TimeSpan.FromSeconds(4.9));
        await factory.DeliverDueAsync();
        Assert.Single(receiver.Received);

        factory.Clock.Advance(TimeSpan.FromSeconds(0.2));
        await factory.DeliverDueAsync();
        var both = receiver.Received.ToList();
        Assert.Equal(2, both.Count);
        Assert.Equal(both[0].Id, both[1].Id);
        AssertSigned(both[1], secret);

        var d = (await client.DeliveriesAsync(endpointId))[0];
        Assert.Equal("delivered", d.GetProperty("status").GetString());
        var attempts = d.GetProperty("attemptLog").EnumerateArray().ToList();
        Assert.Equal([500, 200], attempts.Select(a => a.GetProperty("statusCode").GetInt32()).ToArray());
        Assert.Equal("HTTP 500", attempts[0].GetProperty("error").GetString());
        Assert.True((attempts[1].GetProperty("startedAt").GetDateTimeOffset() - attempts[0].GetProperty("startedAt").GetDateTimeOffset()) >= TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Receiver429WithRetryAfter_NextAttemptWaitsAsAsked()
    {
        var client = await factory.CreateClientAsync();
        await client.AddEndpointAsync(receiver.Url, "request.completed");
        receiver.Script.Enqueue(new ReceiverReply(429, RetryAfter: "120"));
        await client.CreateRequestAsync("user-4");
        await factory.DeliverDueAsync();

        factory.Clock.Advance(TimeSpan.FromSeconds(119));
        await factory.DeliverDueAsync();
        Assert.Single(receiver.Received);

        factory.Clock.Advance(TimeSpan.FromSeconds(2));
        await factory.DeliverDueAsync();
        Assert.Equal(2, receiver.Received.Count);
    }

    [Fact]
    public async Task Receiver410_EndpointDisabledAndAudited()
    {
        var client = await factory.CreateClientAsync();
        var (endpointId, _) = await client.AddEndpointAsync(receiver.Url, "request.completed");
        receiver.Script.Enqueue(new ReceiverReply(410));
        await client.CreateRequestAsync("user-5");
        await factory.DeliverDueAsync();

        var endpoint = await client.EndpointAsync(endpointId);
        Assert.False(endpoint.GetProperty("enabled").GetBoolean());
        Assert.Contains("410", endpoint.GetProperty("disabledReason").GetString());
        var audit = await (await client.Admin.GetAsync($"/api/admin/workspaces/{client.WorkspaceId}/audit")).JsonAsync(HttpStatusCode.OK);
        Assert.Contains("webhook.endpoint.disabled", audit.ToString());

        // The owners are told by e-mail too (SMTP is configured).
        Assert.Contains(factory.Smtp.Messages, m => m.Subject.Contains("Webhook endpoint disabled") && m.To.Contains(WorkflowPlatform.Testing.PlatformFactory.AdminEmail));

        // Nothing is sent to a disabled endpoint.
        await client.CreateRequestAsync("user-5b");
        factory.Clock.Advance(TimeSpan.FromHours(1));
        await factory.DeliverDueAsync();
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task Receiver302_FailureAndRedirectNotFollowed()
    {
        var client = await factory.CreateClientAsync();
        var (endpointId, _) = await client.AddEndpointAsync(receiver.Url, "request.completed");
        receiver.Script.Enqueue(new ReceiverReply(302, Location: receiver.Url + "/elsewhere"));
        await client.CreateRequestAsync("user-6");
        await factory.DeliverDueAsync();

        Assert.Single(receiver.Received);
        var d = (await client.DeliveriesAsync(endpointId))[0];
        Assert.Equal("pending", d.GetProperty("status").GetString());
        Assert.Equal(302, d.GetProperty("lastStatusCode").GetInt32());
    }

    [Fact]
    public async Task ReceiverTooSlow_TimeoutRecordedAndRetried()
    {
        var client = await factory.CreateClientAsync();
        var (endpointId, _) = await client.AddEndpointAsync(receiver.Url, "request.completed");
        receiver.Script.Enqueue(new ReceiverReply(200, Delay: TimeSpan.FromSeconds(3)));
        await client.CreateRequestAsync("user-7");
        await factory.DeliverDueAsync();

        var d = (await client.DeliveriesAsync(endpointId))[0];
        Assert.Equal("pending", d.GetProperty("status").GetString());
        var attempt = d.GetProperty("attemptLog")[0];
        Assert.Contains("timeout", attempt.GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, attempt.GetProperty("statusCode").ValueKind);

        factory.Clock.Advance(TimeSpan.FromSeconds(6));
        await factory.DeliverDueAsync();
        Assert.Equal("delivered", (await client.DeliveriesAsync(endpointId))[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task RotateSecret_DuringOverlapBothSign_AfterwardsOnlyNew()
    {
        var client = await factory.CreateClientAsync();
        var (endpointId, oldSecret) = await client.AddEndpointAsync(receiver.Url);
        var rotated = await (await client.Admin.PostAsJsonAsync($"{client.Hooks}/endpoints/{endpointId}/rotate-secret", new { overlapSeconds = 3600 }))
            .JsonAsync(HttpStatusCode.OK);
        var newSecret = rotated.GetProperty("secret").GetString()!;
        Assert.NotEqual(oldSecret, newSecret);

        await (await client.Admin.PostAsync($"{client.Hooks}/endpoints/{endpointId}/test", null)).JsonAsync(HttpStatusCode.Accepted);
        await factory.DeliverDueAsync();
        var during = Assert.Single(receiver.Received);
        Assert.Equal(2, during.Signature!.Split(' ').Length);
        Assert.Equal("webhook.test", Body(during).GetProperty("type").GetString());
        AssertSigned(during, oldSecret);
        AssertSigned(during, newSecret);

        factory.Clock.Advance(TimeSpan.FromHours(2));
        await (await client.Admin.PostAsync($"{client.Hooks}/endpoints/{endpointId}/test", null)).JsonAsync(HttpStatusCode.Accepted);
        await factory.DeliverDueAsync();
        var after = receiver.Received.Last();
        Assert.Single(after.Signature!.Split(' '));
        AssertSigned(after, newSecret);
        Assert.False(new WebhookVerifier(oldSecret, time: factory.Clock).Verify(after.Id, after.Timestamp, after.Signature, after.Body).IsValid);
    }

    [Fact]
    public async Task AlwaysFailing_ScheduleExhausted_EndpointDisabledThenReplayDelivers()
    {
        var client = await factory.CreateClientAsync();
        var (endpointId, secret) = await client.AddEndpointAsync(receiver.Url, "request.completed");
        for (var i = 0; i < RetrySchedule.Standard.Count; i++)
        {
            receiver.Script.Enqueue(new ReceiverReply(503));
        }
        var started = factory.Clock.GetUtcNow();
        await client.CreateRequestAsync("user-8");
        await factory.DeliverDueAsync();
        foreach (var delay in RetrySchedule.Standard.Skip(1))
        {
            // One second early: nothing; on time: the next attempt.
            var before = receiver.Received.Count;
            factory.Clock.Advance(delay - TimeSpan.FromSeconds(1));
            await factory.DeliverDueAsync();
            Assert.Equal(before, receiver.Received.Count);
            factory.Clock.Advance(TimeSpan.FromSeconds(1.01));
            await factory.DeliverDueAsync();
            Assert.Equal(before + 1, receiver.Received.Count);
        }

        Assert.Equal(RetrySchedule.Standard.Count, receiver.Received.Count);
        // Three days later the admin's cookie has expired: sign in again.
        client = client with { Admin = await factory.CreateAdminClientAsync() };
        Assert.Single(receiver.Received.Select(w => w.Id).Distinct());
        var endpoint = await client.EndpointAsync(endpointId);
        Assert.False(endpoint.GetProperty("enabled").GetBoolean());
        Assert.Contains("attempts", endpoint.GetProperty("disabledReason").GetString());
        Assert.Equal("failed", (await client.DeliveriesAsync(endpointId))[0].GetProperty("status").GetString());

        // Owner fixes the receiver, re-enables, replays everything that failed in the window.
        await (await client.Admin.PutAsJsonAsync($"{client.Hooks}/endpoints/{endpointId}", new { enabled = true })).JsonAsync(HttpStatusCode.OK);
        var replay = await (await client.Admin.PostAsJsonAsync($"{client.Hooks}/endpoints/{endpointId}/replay-failed",
            new { from = started.AddMinutes(-1), to = factory.Clock.GetUtcNow().AddMinutes(1) })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, replay.GetProperty("deliveries").GetInt32());
        await factory.DeliverDueAsync();
        var last = receiver.Received.Last();
        Assert.Equal(receiver.Received.First().Id, last.Id);
        AssertSigned(last, secret);
    }

    [Fact]
    public async Task ReplayEvent_SameWebhookIdDeliveredAgain()
    {
        var client = await factory.CreateClientAsync();
        var (endpointId, _) = await client.AddEndpointAsync(receiver.Url, "request.completed");
        var requestId = await client.CreateRequestAsync("user-9");
        await factory.DeliverDueAsync();
        var events = await (await client.Admin.GetAsync($"{client.Hooks}/events?requestId={requestId}&type=request.completed")).JsonAsync(HttpStatusCode.OK);
        var eventId = events[0].GetProperty("id").GetString()!;

        var replay = await (await client.Admin.PostAsJsonAsync($"{client.Hooks}/events/{eventId}/replay", new { endpointId })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, replay.GetProperty("deliveries").GetInt32());
        await factory.DeliverDueAsync();
        Assert.Equal(new[] { eventId, eventId }, receiver.Received.Select(w => w.Id!).ToArray());

        var detail = await (await client.Admin.GetAsync($"{client.Hooks}/events/{eventId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, detail.GetProperty("deliveries").GetArrayLength());
        Assert.Equal(requestId, detail.GetProperty("payload").GetProperty("data").GetProperty("request_id").GetString());
    }

    [Fact]
    public async Task InteractiveRequestCancelled_AwaitingInputThenCancelled()
    {
        var client = await factory.CreateClientAsync();
        await client.AddEndpointAsync(receiver.Url);
        var response = await client.Api.PostAsJsonAsync("/api/v1/requests", new { workflow = "selfie-registration", user_id = "user-11", verification_way = new { type = "link" } });
        var requestId = (await response.JsonAsync(HttpStatusCode.Created)).GetProperty("request_id").GetString();
        (await client.Api.PostAsync($"/api/v1/requests/{requestId}/cancel", null)).EnsureSuccessStatusCode();
        await factory.DeliverDueAsync();

        var got = receiver.Received.Select(Body).OrderBy(b => b.GetProperty("data").GetProperty("sequence").GetInt32()).ToList();
        Assert.Equal(new[] { "request.created", "request.awaiting_input", "request.cancelled" }, got.Select(b => b.GetProperty("type").GetString()!).ToArray());
        Assert.Equal("face", got[1].GetProperty("data").GetProperty("bookmark").GetString());
        Assert.Equal("cancelled", got[2].GetProperty("data").GetProperty("status").GetString());
        Assert.All(got, b => Assert.Equal(requestId, b.GetProperty("data").GetProperty("request_id").GetString()));
    }

    [Fact]
    public async Task SessionTtlPassed_ExpiredEventSent()
    {
        var client = await factory.CreateClientAsync();
        await client.AddEndpointAsync(receiver.Url, "request.expired");
        var response = await client.Api.PostAsJsonAsync("/api/v1/requests", new { workflow = "selfie-registration", user_id = "user-14", verification_way = new { type = "link" } });
        var requestId = (await response.JsonAsync(HttpStatusCode.Created)).GetProperty("request_id").GetString();
        factory.Clock.Advance(TimeSpan.FromHours(1));
        var read = await (await client.Api.GetAsync($"/api/v1/requests/{requestId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("expired", read.GetProperty("status").GetString());
        await factory.DeliverDueAsync();

        var body = Body(Assert.Single(receiver.Received));
        Assert.Equal("request.expired", body.GetProperty("type").GetString());
        Assert.Equal(requestId, body.GetProperty("data").GetProperty("request_id").GetString());
        Assert.Equal("false", body.GetProperty("data").GetProperty("selfie_registered").GetString());
    }

    [Fact]
    public async Task UserErased_EveryApplicationsEndpointTold()
    {
        var client = await factory.CreateClientAsync();
        var (_, secret) = await client.AddEndpointAsync(receiver.Url, "user.erased");
        (await client.Api.DeleteAsync("/api/v1/users/user-12")).EnsureSuccessStatusCode();
        await factory.DeliverDueAsync();

        var w = Assert.Single(receiver.Received);
        AssertSigned(w, secret);
        var body = Body(w);
        Assert.Equal("user.erased", body.GetProperty("type").GetString());
        Assert.Equal("user-12", body.GetProperty("data").GetProperty("user_id").GetString());
    }

    [Fact]
    public async Task EmailNotification_ChosenEvent_MailedToAddressListAndLogged()
    {
        var client = await factory.CreateClientAsync();
        var endpointId = await client.AddEmailAsync(["ops@client.test", "audit@client.test"], "request.completed");
        var requestId = await client.CreateRequestAsync("user-13");
        await factory.DeliverDueAsync();

        var mail = Assert.Single(factory.Smtp.Messages, m => m.Data.Contains(requestId)); // the long subject is folded over two lines
        Assert.Equal(new[] { "ops@client.test", "audit@client.test" }, mail.To.ToArray());
        Assert.Contains("request.completed", mail.Subject);
        var d = Assert.Single((await client.DeliveriesAsync(endpointId)).EnumerateArray().ToList());
        Assert.Equal("delivered", d.GetProperty("status").GetString());
        Assert.Equal("email", d.GetProperty("channel").GetString());
    }

    [Fact]
    public async Task NotificationUrl_DomainNotPermitted_Refused()
    {
        var client = await factory.CreateClientAsync(notificationDomains: ["client.example"]);
        var response = await client.Api.PostAsJsonAsync("/api/v1/requests",
            new { workflow = "instant-approve", user_id = "u", verification_way = new { type = "link" }, notification_url = "https://evil.example/hook" });
        await response.ProblemAsync(HttpStatusCode.UnprocessableEntity, "NOTIFICATION_URL_NOT_ALLOWED");
    }

    [Fact]
    public async Task NotificationUrl_PermittedDomain_GetsEveryEventOfItsRequest()
    {
        var client = await factory.CreateClientAsync(notificationDomains: ["hooks.client.example"]);
        await client.AddEndpointAsync(receiver.Url, "request.cancelled"); // signs the request's own URL
        var requestId = await client.CreateRequestAsync("user-10", "https://api.hooks.client.example/wfp");
        var events = await (await client.Admin.GetAsync($"{client.Hooks}/events?requestId={requestId}")).JsonAsync(HttpStatusCode.OK);
        var eventId = events.EnumerateArray().Single(e => e.GetProperty("type").GetString() == "request.completed").GetProperty("id").GetString();
        var detail = await (await client.Admin.GetAsync($"{client.Hooks}/events/{eventId}")).JsonAsync(HttpStatusCode.OK);
        var d = Assert.Single(detail.GetProperty("deliveries").EnumerateArray().ToList());
        Assert.Equal("request_url", d.GetProperty("channel").GetString());
        Assert.Equal("https://api.hooks.client.example/wfp", d.GetProperty("url").GetString());
    }

    [Fact]
    public async Task CreateEndpoint_PrivateAddress_RefusedWithCode()
    {
        var client = await factory.CreateClientAsync();
        var response = await client.Admin.PostAsJsonAsync($"{client.Hooks}/endpoints", new { applicationId = client.ApplicationId, url = "http://10.1.2.3/hook" });
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.Contains("URL_ADDRESS_NOT_ALLOWED", problem.GetProperty("errors").GetProperty("url")[0].GetString());
        var ftp = await client.Admin.PostAsJsonAsync($"{client.Hooks}/endpoints", new { applicationId = client.ApplicationId, url = "ftp://example.com/x" });
        Assert.Contains("URL_SCHEME_NOT_ALLOWED", (await ftp.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).ToString());
    }

    [Fact]
    public async Task CreateEndpoint_ViewerRole_Forbidden()
    {
        var client = await factory.CreateClientAsync();
        var email = AdminApi.NewEmail("viewer");
        await AdminApi.AddMemberAsync(client.Admin, client.WorkspaceId, email, "Viewer");
        var viewer = await factory.CreateSignedInClientAsync(email, "member-password-123");
        var response = await viewer.PostAsJsonAsync($"{client.Hooks}/endpoints", new { applicationId = client.ApplicationId, url = receiver.Url });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        (await viewer.GetAsync($"{client.Hooks}/endpoints")).EnsureSuccessStatusCode();
    }
}

public sealed class WebhookDeliveryTests_Sqlite(SqliteNotificationsFactory factory) : WebhookDeliveryTests<SqliteNotificationsFactory>(factory);

public sealed class WebhookDeliveryTests_Postgres(PostgresNotificationsFactory factory) : WebhookDeliveryTests<PostgresNotificationsFactory>(factory);

using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowPlatform.Storage.Notifications;
using WorkflowPlatform.Storage.Workspaces;
using WorkflowPlatform.Testing;
using Xunit;

namespace WorkflowPlatform.Storage.Tests.Notifications;

/// <summary>The outbox and delivery-queue contract on every database (fresh database per test).</summary>
public abstract class OutboxCompliance(TestDatabase kind) : IAsyncLifetime
{
    private readonly StorageTestDatabase database = new(kind);
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private Guid workspace;
    private readonly Guid application = Guid.NewGuid();

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        await database.Migrator.MigrateAsync();
        var (scope, db) = database.Open();
        await using (scope)
        {
            workspace = Guid.NewGuid();
            db.Workspaces.Add(new Workspace { Id = workspace, Name = "ws", CreatedAt = T0 });
            await db.SaveChangesAsync();
        }
    }

    public Task DisposeAsync() => database.DisposeAsync();

    private async Task<NotificationEndpoint> AddEndpointAsync(bool enabled = true, params string[] events)
    {
        var (scope, db) = database.Open(workspace);
        await using (scope)
        {
            var e = new NotificationEndpoint
            {
                Id = Guid.NewGuid(), WorkspaceId = workspace, ApplicationId = application, Kind = NotificationChannels.Webhook,
                Url = "https://hooks.example/x", Secret = "whsec_x", Enabled = enabled, EventTypes = [.. events], CreatedAt = T0, UpdatedAt = T0,
            };
            db.Add(e);
            await db.SaveChangesAsync();
            return e;
        }
    }

    private async Task<NotificationEvent?> EnqueueAsync(string type, string dedupe, string? requestId = "req-1", DateTimeOffset? at = null)
    {
        var (scope, db) = database.Open(workspace);
        await using (scope)
        {
            var evt = await NotificationOutbox.AddAsync(db, new OutboxEntry(workspace, application, requestId, type, dedupe, new JsonObject { ["request_id"] = requestId }), at ?? T0);
            await db.SaveChangesAsync();
            return evt;
        }
    }

    private async Task<List<NotificationDelivery>> DeliveriesAsync()
    {
        var (scope, db) = database.Open(workspace);
        await using (scope)
        {
            return await db.Set<NotificationDelivery>().AsNoTracking().OrderBy(d => d.CreatedAt).ThenBy(d => d.Id).ToListAsync();
        }
    }

    [Fact]
    public async Task AddAsync_SameDedupeKey_WritesOneEvent()
    {
        await AddEndpointAsync();
        Assert.NotNull(await EnqueueAsync("request.created", "req-1:request.created"));
        Assert.Null(await EnqueueAsync("request.created", "req-1:request.created"));
        Assert.Single(await DeliveriesAsync());
    }

    [Fact]
    public async Task AddAsync_EventsOfOneRequest_NumberedInOrderInPayload()
    {
        var (scope, db) = database.Open(workspace);
        await using (scope)
        {
            // Two events in one transaction, then a third later.
            await NotificationOutbox.AddAsync(db, new OutboxEntry(workspace, application, "req-9", "request.created", "a", new JsonObject()), T0);
            await NotificationOutbox.AddAsync(db, new OutboxEntry(workspace, application, "req-9", "request.awaiting_input", "b", new JsonObject()), T0);
            await db.SaveChangesAsync();
        }
        var third = await EnqueueAsync("request.completed", "c", "req-9");
        Assert.Equal(3, third!.Sequence);
        var payload = JsonNode.Parse(third.PayloadJson)!;
        Assert.Equal("request.completed", (string?)payload["type"]);
        Assert.Equal(3, (int)payload["data"]!["sequence"]!);
        Assert.True(DateTimeOffset.TryParse((string?)payload["timestamp"], out _));
    }

    [Fact]
    public async Task AddAsync_FilterAndDisabled_OnlySubscribedEnabledEndpointsAndRequestUrlGetDeliveries()
    {
        var all = await AddEndpointAsync();
        var completedOnly = await AddEndpointAsync(true, "request.completed");
        await AddEndpointAsync(enabled: false);
        var (scope, db) = database.Open(workspace);
        await using (scope)
        {
            db.Add(new RequestNotificationUrl { RequestId = "req-1", WorkspaceId = workspace, Url = "https://client.example/n" });
            await db.SaveChangesAsync();
        }

        await EnqueueAsync("request.created", "k1");
        var deliveries = await DeliveriesAsync();
        Assert.Equal(2, deliveries.Count);
        Assert.Contains(deliveries, d => d.EndpointId == all.Id && d.Status == DeliveryStatus.Pending && d.NextAttemptAt == T0);
        Assert.Contains(deliveries, d => d.Channel == NotificationChannels.RequestUrl && d.Url == "https://client.example/n");
        Assert.DoesNotContain(deliveries, d => d.EndpointId == completedOnly.Id);
    }

    [Fact]
    public void Payload_Over20KB_IsCutToScalarSummary()
    {
        var data = new JsonObject { ["request_id"] = "r", ["huge"] = new string('x', 30_000) };
        var json = NotificationOutbox.Payload("request.completed", T0, data);
        Assert.True(json.Length < NotificationOutbox.MaxPayloadBytes);
        Assert.True((bool)JsonNode.Parse(json)!["data"]!["truncated"]!);
        Assert.Equal("r", (string?)JsonNode.Parse(json)!["data"]!["request_id"]);
    }

    [Fact]
    public async Task ClaimAsync_TwoNodesAtOnce_TakeDisjointDeliveries()
    {
        await AddEndpointAsync();
        for (var i = 0; i < 40; i++)
        {
            await EnqueueAsync("request.created", "k" + i, "r" + i);
        }
        await using var node2 = database.BuildServices();
        var q1 = database.Services.GetRequiredService<NotificationDeliveryQueue>();
        var q2 = node2.GetRequiredService<NotificationDeliveryQueue>();
        var claims = await Task.WhenAll(
            Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? q1 : q2).ClaimAsync("node" + (i % 2), T0, TimeSpan.FromMinutes(1), 10)));
        var ids = claims.SelectMany(c => c).Select(d => d.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(40, ids.Count);
    }

    [Fact]
    public async Task ClaimAsync_LeaseHeld_NotClaimedAgainUntilItRunsOut()
    {
        await AddEndpointAsync();
        await EnqueueAsync("request.created", "k");
        var queue = database.Services.GetRequiredService<NotificationDeliveryQueue>();
        var first = await queue.ClaimAsync("a", T0, TimeSpan.FromSeconds(30), 10);
        Assert.Single(first);
        Assert.Empty(await queue.ClaimAsync("b", T0.AddSeconds(29), TimeSpan.FromSeconds(30), 10));
        var again = await queue.ClaimAsync("b", T0.AddSeconds(31), TimeSpan.FromSeconds(30), 10);
        Assert.Single(again);
        Assert.Equal("b", again[0].LeaseOwner);
    }

    [Fact]
    public async Task CompleteAsync_LeaseLostToAnotherNode_RecordsNothing()
    {
        await AddEndpointAsync();
        await EnqueueAsync("request.created", "k");
        var queue = database.Services.GetRequiredService<NotificationDeliveryQueue>();
        var stale = (await queue.ClaimAsync("a", T0, TimeSpan.FromSeconds(30), 10))[0];
        var fresh = (await queue.ClaimAsync("b", T0.AddMinutes(1), TimeSpan.FromSeconds(30), 10))[0];
        Assert.False(await queue.CompleteAsync(stale, Attempt(stale, 1), new DeliveryUpdate(DeliveryStatus.Delivered, null), T0.AddMinutes(1)));
        Assert.True(await queue.CompleteAsync(fresh, Attempt(fresh, 1), new DeliveryUpdate(DeliveryStatus.Pending, T0.AddMinutes(2)), T0.AddMinutes(1)));

        var d = Assert.Single(await DeliveriesAsync());
        Assert.Equal(DeliveryStatus.Pending, d.Status);
        Assert.Equal(1, d.Attempts);
        Assert.Null(d.LeaseOwner);
        Assert.Equal(T0.AddMinutes(2), d.NextAttemptAt);
        Assert.Empty(await queue.ClaimAsync("c", T0.AddMinutes(1.5), TimeSpan.FromSeconds(30), 10));
        Assert.Single(await queue.ClaimAsync("c", T0.AddMinutes(2), TimeSpan.FromSeconds(30), 10));
        var (scope, db) = database.Open(workspace);
        await using (scope)
        {
            Assert.Equal(1, await db.Set<NotificationAttempt>().CountAsync());
        }
    }

    private NotificationAttempt Attempt(NotificationDelivery d, int number) => new()
    {
        Id = Guid.NewGuid(), WorkspaceId = workspace, DeliveryId = d.Id, EventId = d.EventId, EndpointId = d.EndpointId, Number = number,
        Outcome = "failed", StatusCode = 500, LatencyMs = 3, ResponseExcerpt = "no", Error = "HTTP 500", Node = d.LeaseOwner, StartedAt = T0,
    };
}

public sealed class OutboxCompliance_Sqlite() : OutboxCompliance(TestDatabase.Sqlite);

public sealed class OutboxCompliance_Postgres() : OutboxCompliance(TestDatabase.Postgres);

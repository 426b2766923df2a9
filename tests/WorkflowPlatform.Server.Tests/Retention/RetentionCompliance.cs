using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;
using WorkflowPlatform.Engine.Definitions;
using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Engine.Modules;
using WorkflowPlatform.Faces.Matching;
using WorkflowPlatform.Server.Retention;
using WorkflowPlatform.Server.Workflows;
using WorkflowPlatform.Storage.Workflows;
using WorkflowPlatform.Testing;
using WorkflowPlatform.Verification.Capture;
using WorkflowPlatform.Verification.Photos;
using WorkflowPlatform.Verification.Profiles;
using Xunit;

namespace WorkflowPlatform.Server.Tests.Retention;

/// <summary>
/// Request retention and user erasure on the real server and database. One server per test (the retention job is
/// cross-workspace and the clock only moves forward, so tests must not share data); time moves by hand.
/// </summary>
public abstract class RetentionCompliance(TestDatabase database) : IAsyncLifetime
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 5, 6, 7, 8, 0xFF, 0xD9];

    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);
    private RetentionFactory _factory = null!;
    private Guid _ws;

    public async Task InitializeAsync()
    {
        _factory = new RetentionFactory(database, _clock);
        _factory.With("Retention:RequestImagesDays", "30")
            .With("Retention:FinishedRequestsDays", "90")
            .With("Retention:SweepInterval", "01:00:00")
            .With("Retention:BatchSize", "100")
            // The engine sweeper runs once at start-up and then not during the test (it reads the same hand-moved clock).
            .With("Workflows:SweepInterval", "01:00:00");
        await _factory.InitializeAsync();
        _ws = await _factory.WithDbAsync(db => db.Workspaces.Select(w => w.Id).FirstAsync());
        var definitions = Services.GetRequiredService<WorkflowDefinitionService>();
        foreach (var fixture in new[] { "retention-instant", "retention-hold", "retention-fail" })
        {
            var definition = DefinitionSerializer.Deserialize(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Workflows", "Fixtures", fixture + ".json")));
            await definitions.SaveDraftAsync(Ws, definition);
            await definitions.PublishAsync(Ws, definition.Key);
        }
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private IServiceProvider Services => _factory.Services;
    private string Ws => _ws.ToString();
    private IBlobStore Blobs => Services.GetRequiredService<IBlobStore>();
    private RequestRetention Retention => Services.GetRequiredService<RequestRetention>();

    private async Task<string> StartAsync(string workflow, string userId, TimeSpan? ttl = null)
    {
        var run = await Services.GetRequiredService<IWorkflowRuntime>().StartAsync(_ws, new StartRequest
        {
            WorkspaceId = Ws,
            Workflow = workflow,
            UserId = userId,
            User = new Dictionary<string, object?> { ["is_new"] = true },
            TimeToLive = ttl,
        });
        return run.InstanceId;
    }

    /// <summary>Stores <paramref name="count"/> capture images where <see cref="SelfieCapture"/> puts them; returns their keys.</summary>
    private async Task<List<string>> CaptureAsync(string requestId, int count)
    {
        var keys = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var key = SelfieCapture.RequestFolder(Ws, requestId) + $"face-{i}.jpg";
            await Blobs.PutAsync(key, Jpeg);
            keys.Add(key);
        }

        return keys;
    }

    private async Task<bool> ExistsAsync(string key) => await Blobs.GetAsync(key) is not null;

    private async Task<string> RegisterProfileAsync(string userId, string capturedKey)
    {
        var vector = new float[128];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = MathF.Sin(i + userId.Length);
        }

        var profile = await Services.GetRequiredService<UserProfiles>().RegisterAsync(Ws, userId, new FaceTemplate(FaceTemplate.DlibModelId, 1, vector), capturedKey);
        return profile.PhotoKey!;
    }

    private async Task<string> StatusAsync(string requestId)
        => (await Services.GetRequiredService<IWorkflowRuntime>().GetAsync(_ws, requestId))!.Status.ToWire();

    [Fact]
    public async Task RunAsync_OldFinishedRequests_PurgesTheirCapturesOnly()
    {
        // Arrange: day 0 — completed, cancelled, expired, failed and still-open requests with captures; a profile photo copied from one.
        var completed = await StartAsync("retention-instant", "u-completed");
        var completedKeys = await CaptureAsync(completed, 2);
        var profilePhoto = await RegisterProfileAsync("u-completed", completedKeys[0]);
        var cancelled = await StartAsync("retention-hold", "u-cancelled");
        var cancelledKeys = await CaptureAsync(cancelled, 1);
        await Services.GetRequiredService<IWorkflowRuntime>().CancelAsync(_ws, cancelled, "test");
        var expired = await StartAsync("retention-hold", "u-expired", ttl: TimeSpan.FromHours(1));
        var expiredKeys = await CaptureAsync(expired, 1);
        var failed = await StartAsync("retention-fail", "u-failed");
        var failedKeys = await CaptureAsync(failed, 1);
        var open = await StartAsync("retention-hold", "u-open");
        var openKeys = await CaptureAsync(open, 1);
        _clock.Advance(TimeSpan.FromHours(2));
        await Services.GetRequiredService<WorkflowEngine>().ExpireAsync(expired);
        Assert.Equal(["completed", "cancelled", "expired", "failed", "awaiting_input"],
            [await StatusAsync(completed), await StatusAsync(cancelled), await StatusAsync(expired), await StatusAsync(failed), await StatusAsync(open)]);

        // Day 31: a new request finishes.
        _clock.Advance(TimeSpan.FromDays(31));
        var recent = await StartAsync("retention-instant", "u-recent");
        var recentKeys = await CaptureAsync(recent, 1);

        // Act
        var first = await Retention.RunAsync();
        var second = await Retention.RunAsync();

        // Assert
        Assert.Equal(new RetentionRunReport(4, 5, 0, false), first);
        foreach (var key in completedKeys.Concat(cancelledKeys).Concat(expiredKeys).Concat(failedKeys))
        {
            Assert.False(await ExistsAsync(key), key);
        }

        foreach (var key in openKeys.Concat(recentKeys))
        {
            Assert.True(await ExistsAsync(key), key);
        }

        Assert.True(await ExistsAsync(profilePhoto), "the profile photo is a copy outside the request and must survive");
        Assert.Equal(profilePhoto, (await Services.GetRequiredService<UserProfiles>().GetAsync(Ws, "u-completed"))!.PhotoKey);
        Assert.Equal(new RetentionRunReport(0, 0, 0, false), second);
        Assert.Equal("completed", await StatusAsync(completed));

        // Day 62: the recent request is old now; the open one is still open.
        _clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(new RetentionRunReport(1, 1, 0, false), await Retention.RunAsync());
        Assert.False(await ExistsAsync(recentKeys[0]));
        Assert.True(await ExistsAsync(openKeys[0]));
    }

    [Fact]
    public async Task RunAsync_BatchSmallerThanBacklog_ContinuesWhereItStopped()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var id = await StartAsync("retention-instant", "u-batch");
            await CaptureAsync(id, 1);
            ids.Add(id);
            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        _clock.Advance(TimeSpan.FromDays(31));
        var options = Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<RetentionOptions>>().CurrentValue;
        options.BatchSize = 2;

        var reports = new List<RetentionRunReport>();
        for (var i = 0; i < 4; i++)
        {
            reports.Add(await Retention.RunAsync());
        }

        Assert.Equal([new(2, 2, 0, true), new(2, 2, 0, true), new(1, 1, 0, false), new(0, 0, 0, false)], reports);
        foreach (var id in ids)
        {
            Assert.False(await ExistsAsync(SelfieCapture.RequestFolder(Ws, id) + "face-0.jpg"));
        }
    }

    [Fact]
    public async Task RunAsync_FinishedRequestsDaysPassed_DeletesRowsJournalAndPublicRequestButNotOpenRequests()
    {
        var done = await StartAsync("retention-instant", "u-rows");
        await CaptureAsync(done, 1);
        var open = await StartAsync("retention-hold", "u-rows");
        await _factory.WithDbAsync(async db =>
        {
            foreach (var id in new[] { done, open })
            {
                db.Add(new WorkflowPlatform.Storage.Requests.PublicRequestRecord
                {
                    Id = id, WorkspaceId = _ws, ApplicationId = Guid.NewGuid(), UserId = "u-rows", Workflow = "retention-instant",
                    CurrentInstanceId = id, WayType = "email", WayTo = "person@example.test", Locale = "en-US", DispatchStatus = "sent",
                    ExpiresAt = _clock.GetUtcNow().AddHours(1), CreatedAt = _clock.GetUtcNow(), UpdatedAt = _clock.GetUtcNow(),
                });
            }

            return await db.SaveChangesAsync();
        }, _ws);
        _clock.Advance(TimeSpan.FromDays(91));
        var recent = await StartAsync("retention-instant", "u-rows");

        var report = await Retention.RunAsync();
        var again = await Retention.RunAsync();

        Assert.Equal(new RetentionRunReport(1, 1, 1, false), report);
        Assert.Equal(new RetentionRunReport(0, 0, 0, false), again);
        var runtime = Services.GetRequiredService<IWorkflowRuntime>();
        Assert.Null(await runtime.GetAsync(_ws, done));
        Assert.NotNull(await runtime.GetAsync(_ws, open));
        Assert.NotNull(await runtime.GetAsync(_ws, recent));
        var journal = await _factory.WithDbAsync(db => db.Set<WorkflowJournalRow>().IgnoreQueryFilters().CountAsync(j => j.InstanceId == done));
        var bookmarks = await _factory.WithDbAsync(db => db.Set<WorkflowBookmarkRow>().IgnoreQueryFilters().CountAsync(b => b.InstanceId == done));
        var publicRequests = await _factory.WithDbAsync(db => db.Set<WorkflowPlatform.Storage.Requests.PublicRequestRecord>().IgnoreQueryFilters()
            .Where(p => p.Id == done || p.Id == open).Select(p => p.Id).ToListAsync());
        Assert.Equal((0, 0), (journal, bookmarks));
        Assert.Equal([open], publicRequests);
        Assert.True(await _factory.WithDbAsync(db => db.Set<WorkflowJournalRow>().IgnoreQueryFilters().AnyAsync(j => j.InstanceId == recent)));
    }

    [Fact]
    public async Task RunAsync_Purges_CountsOnTheProductMeter()
    {
        long images = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "WorkflowPlatform" && instrument.Name == RetentionTelemetry.ImagesDeleted)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "reason", Value: "retention" })
                {
                    Interlocked.Add(ref images, value);
                }
            }
        });
        listener.Start();
        var id = await StartAsync("retention-instant", "u-meter");
        await CaptureAsync(id, 3);
        _clock.Advance(TimeSpan.FromDays(30) + TimeSpan.FromSeconds(1));

        await Retention.RunAsync();

        // Other test classes may purge at the same time in this process: at least ours.
        Assert.True(Interlocked.Read(ref images) >= 3, $"counted {images}");
    }

    [Fact]
    public async Task RetentionJob_ScheduledAndTriggered_RunsThePurgeThroughQuartz()
    {
        var id = await StartAsync("retention-instant", "u-quartz");
        var keys = await CaptureAsync(id, 1);
        _clock.Advance(TimeSpan.FromDays(31));
        var scheduler = await Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var trigger = await scheduler.GetTrigger(new TriggerKey(RequestRetentionJob.Key.Name, RequestRetentionJob.Key.Group));
        var listener = new CompletionListener();
        scheduler.ListenerManager.AddJobListener(listener, Matchers.Key(RequestRetentionJob.Key));

        await scheduler.TriggerJob(RequestRetentionJob.Key);
        var error = await listener.Completed.Task.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(TimeSpan.FromHours(1), Assert.IsAssignableFrom<ISimpleTrigger>(trigger).RepeatInterval);
        Assert.Null(error);
        Assert.False(await ExistsAsync(keys[0]));
    }

    [Fact]
    public async Task EraseAsync_UserWithProfileAndRequests_RemovesProfileAndCapturesWithCounts()
    {
        var done = await StartAsync("retention-instant", "erase-me");
        var doneKeys = await CaptureAsync(done, 2);
        var profilePhoto = await RegisterProfileAsync("erase-me", doneKeys[1]);
        var open = await StartAsync("retention-hold", "erase-me");
        var openKeys = await CaptureAsync(open, 1);
        await StartAsync("retention-instant", "erase-me"); // a request without images
        var other = await StartAsync("retention-instant", "keep-me");
        var otherKeys = await CaptureAsync(other, 1);
        var otherPhoto = await RegisterProfileAsync("keep-me", otherKeys[0]);
        var erasure = Services.GetRequiredService<UserErasure>();

        var receipt = await erasure.EraseAsync(Ws, "erase-me");
        var again = await erasure.EraseAsync(Ws, "erase-me");

        Assert.Equal((1, 1, 2, 3), (receipt.TemplatesDeleted, receipt.PhotosDeleted, receipt.RequestsPurged, receipt.RequestImagesDeleted));
        Assert.Equal("erase-me", receipt.UserId);
        Assert.Equal(_clock.GetUtcNow(), receipt.ErasedAt);
        foreach (var key in doneKeys.Concat(openKeys).Append(profilePhoto))
        {
            Assert.False(await ExistsAsync(key), key);
        }

        Assert.Null(await Services.GetRequiredService<UserProfiles>().GetAsync(Ws, "erase-me"));
        Assert.True(await ExistsAsync(otherKeys[0]));
        Assert.True(await ExistsAsync(otherPhoto));
        Assert.Equal((0, 0, 0, 0), (again.TemplatesDeleted, again.PhotosDeleted, again.RequestsPurged, again.RequestImagesDeleted));
        var stored = await Services.GetRequiredService<IUserProfileStore>().ListErasuresAsync(Ws, "erase-me");
        Assert.Contains(stored, r => r.ReceiptId == receipt.ReceiptId && r.RequestsPurged == 2 && r.RequestImagesDeleted == 3 && r.PhotosDeleted == 1);
    }

    [Fact]
    public async Task EraseAsync_AnotherWorkspacesUser_LeavesItsCapturesAlone()
    {
        var id = await StartAsync("retention-instant", "same-id");
        var keys = await CaptureAsync(id, 1);

        var otherWorkspace = Guid.NewGuid();
        await _factory.WithDbAsync(async db =>
        {
            db.Workspaces.Add(new WorkflowPlatform.Storage.Workspaces.Workspace { Id = otherWorkspace, Name = "other", CreatedAt = _clock.GetUtcNow() });
            return await db.SaveChangesAsync();
        });

        var receipt = await Services.GetRequiredService<UserErasure>().EraseAsync(otherWorkspace.ToString(), "same-id");

        Assert.Equal((0, 0), (receipt.RequestsPurged, receipt.RequestImagesDeleted));
        Assert.True(await ExistsAsync(keys[0]));
    }

    private sealed class CompletionListener : IJobListener
    {
        public TaskCompletionSource<JobExecutionException?> Completed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => "retention-test-" + Guid.NewGuid().ToString("N");

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
        {
            Completed.TrySetResult(jobException);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>The platform with a hand-moved clock.</summary>
    private sealed class RetentionFactory(TestDatabase database, TimeProvider clock) : PlatformFactory(database)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s =>
            {
                s.RemoveAll<TimeProvider>();
                s.AddSingleton(clock);
                s.AddSingleton<IWorkflowModule, AwaitInputModule>();
                s.AddSingleton<IWorkflowModule, FailNowModule>();
            });
        }
    }
}

/// <summary>
/// An interactive module without a timer: suspends on <c>input</c> until resumed, so a request stays open however far the
/// clock moves (a Wait node would be fired by the engine sweeper once overdue).
/// </summary>
public sealed class AwaitInputModule : IWorkflowModule
{
    public ModuleDescriptor Descriptor { get; } = new()
    {
        Type = "await_input",
        DisplayName = "Await input",
        Category = "test",
        Interactive = true,
    };

    public ValueTask<ModuleResult> ExecuteAsync(ModuleContext context)
        => ValueTask.FromResult(context.Resume is null ? ModuleResult.Suspend("input") : ModuleResult.Done());
}

/// <summary>A module that fails its step at once, so the request ends <c>failed</c>.</summary>
public sealed class FailNowModule : IWorkflowModule
{
    public ModuleDescriptor Descriptor { get; } = new()
    {
        Type = "fail_now",
        DisplayName = "Fail now",
        Category = "test",
    };

    public ValueTask<ModuleResult> ExecuteAsync(ModuleContext context)
        => ValueTask.FromResult(ModuleResult.Fail("TEST_FAILURE", "Fails on purpose."));
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

public sealed class RetentionCompliance_Sqlite() : RetentionCompliance(TestDatabase.Sqlite);

public sealed class RetentionCompliance_Postgres() : RetentionCompliance(TestDatabase.Postgres);

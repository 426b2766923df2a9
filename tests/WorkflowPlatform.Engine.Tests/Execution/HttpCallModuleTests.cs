using System.Net;
using System.Text;
using WorkflowPlatform.Engine.Definitions;
using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Engine.Tests.Support;
using Xunit;

namespace WorkflowPlatform.Engine.Tests.Execution;

/// <summary>Runs the HTTP Call module against a real listener on 127.0.0.1.</summary>
public sealed class HttpCallModuleTests : IAsyncLifetime
{
    private readonly HttpListener _listener = new();
    private readonly Queue<int> _statuses = new();
    private readonly List<string> _bodies = [];
    private EngineHarness _harness = null!;
    private string _url = "";
    private Task _serving = Task.CompletedTask;

    public Task InitializeAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = Random.Shared.Next(20000, 60000);
            _url = $"http://127.0.0.1:{port}/hook/";
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add(_url);
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 10)
            {
            }
        }

        _serving = Task.Run(ServeAsync);
        _harness = new EngineHarness(http: new HttpClient { Timeout = Timeout.InfiniteTimeSpan });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await Task.WhenAny(_serving, Task.Delay(1000));
        _harness.Dispose();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            int status;
            lock (_statuses)
            {
                _bodies.Add(body);
                status = _statuses.Count > 0 ? _statuses.Dequeue() : 200;
            }

            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            var bytes = Encoding.UTF8.GetBytes("""{"accepted":true}""");
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private async Task PublishAsync()
    {
        var json = File.ReadAllText(Fixtures.Path("Execution/Fixtures/http.json")).Replace("{{url}}", _url, StringComparison.Ordinal);
        await _harness.PublishAsync(DefinitionSerializer.Deserialize(json));
    }

    [Fact]
    public async Task HttpCall_ServerUnavailableThenOk_RetriesWithBackoffTimerAndSucceeds()
    {
        _statuses.Enqueue(503);
        _statuses.Enqueue(500);
        await PublishAsync();

        var run = await _harness.StartAsync("http");
        Assert.Equal((InstanceStatus.AwaitingInput, "retry"), (run.Status, run.Bookmark));
        var timer = Assert.Single(_harness.Scheduler.Pending);
        Assert.Equal(_harness.Time.GetUtcNow().AddSeconds(10), timer.DueAt);
        _harness.Time.Advance(TimeSpan.FromSeconds(10));
        await _harness.Scheduler.FireDueAsync(_harness.Engine);
        // Second back-off doubles.
        Assert.Equal(_harness.Time.GetUtcNow().AddSeconds(20), Assert.Single(_harness.Scheduler.Pending).DueAt);
        _harness.Time.Advance(TimeSpan.FromSeconds(20));
        await _harness.Scheduler.FireDueAsync(_harness.Engine);

        var stored = await _harness.Instances.GetAsync(run.InstanceId);
        Assert.Equal((InstanceStatus.Completed, WorkflowOutcome.Approved), (stored!.Status, stored.Outcome));
        Assert.Equal(3L, stored.Context.Modules["call"]["attempts"]);
        Assert.Equal(200L, stored.Context.Modules["call"]["status"]);
        Assert.Equal(true, ((Dictionary<string, object?>)stored.Context.Modules["call"]["body"]!)["accepted"]);
        Assert.Equal(3, _bodies.Count);
        Assert.Equal("""{"user":"user-1"}""", _bodies[0]);
    }

    [Fact]
    public async Task HttpCall_ClientError_FailsWithoutRetry()
    {
        _statuses.Enqueue(400);
        await PublishAsync();

        var run = await _harness.StartAsync("http");

        Assert.Equal((InstanceStatus.Completed, WorkflowOutcome.Declined), (run.Status, run.Outcome));
        var step = (await _harness.Instances.GetJournalAsync(run.InstanceId)).Single(j => j.NodeId == "call");
        Assert.Equal(("HTTP_STATUS", 400L), (step.ErrorCode, step.Outputs!["status"]!.GetValue<long>()));
        Assert.Single(_bodies);
    }

    [Fact]
    public async Task HttpCall_RetriesExhausted_TakesFailedPort()
    {
        for (var i = 0; i < 3; i++)
        {
            _statuses.Enqueue(502);
        }

        await PublishAsync();
        var run = await _harness.StartAsync("http");
        for (var i = 0; i < 2; i++)
        {
            _harness.Time.Advance(TimeSpan.FromMinutes(1));
            await _harness.Scheduler.FireDueAsync(_harness.Engine);
        }

        var stored = await _harness.Instances.GetAsync(run.InstanceId);
        Assert.Equal(WorkflowOutcome.Declined, stored!.Outcome);
        Assert.Contains(await _harness.Instances.GetJournalAsync(run.InstanceId), j => j.ErrorCode == "HTTP_FAILED");
    }
}

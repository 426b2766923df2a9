using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using WorkflowPlatform.Server.Notifications.Webhooks;
using WorkflowPlatform.Testing;

// Usage: CrashTest --mode crash|two-nodes|bench|all [--requests N] [--kills K] [--server path/to/WorkflowPlatform.Server.dll]
var options = Args.Parse(args);
var pg = await PostgresServer.Shared;
var failures = 0;
foreach (var mode in options.Mode == "all" ? ["crash", "two-nodes", "bench"] : new[] { options.Mode })
{
    var ok = mode switch
    {
        "crash" => await Scenarios.CrashAsync(pg, options),
        "two-nodes" => await Scenarios.TwoNodesAsync(pg, options),
        "bench" => await Scenarios.BenchAsync(pg, options),
        _ => throw new ArgumentException($"Unknown mode '{mode}'."),
    };
    failures += ok ? 0 : 1;
}
await pg.DisposeAsync();
return failures == 0 ? 0 : 1;

internal sealed record Args(string Mode, int Requests, int Kills, string ServerDll)
{
    public static Args Parse(string[] a)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(a, name);
            return i >= 0 && i + 1 < a.Length ? a[i + 1] : fallback;
        }
        var root = FindRoot();
        // The server binary of the same configuration as this tool (Debug unless built with -c Release).
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Get("--server", Path.Combine(root, $"src/WorkflowPlatform.Server/bin/{configuration}/net10.0/WorkflowPlatform.Server.dll"));
        return new Args(Get("--mode", "all"), int.Parse(Get("--requests", "300"), CultureInfo.InvariantCulture), int.Parse(Get("--kills", "5"), CultureInfo.InvariantCulture), dll);
    }

    public static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "WorkflowPlatform.sln")))
                return d.FullName;
        throw new InvalidOperationException("repository root not found");
    }
}

/// <summary>What the listener got: every request, the concurrent handlers per webhook-id, verified signatures.</summary>
internal sealed class Listener : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _inFlight = new();
    public ConcurrentBag<(string Id, string Type, string? RequestId, DateTimeOffset EventAt, DateTimeOffset ReceivedAt)> Got { get; } = [];
    public int Overlaps;
    public int BadSignatures;
    public TimeSpan Delay { get; set; }
    public string? Secret { get; set; }
    public string Url { get; }

    private Listener(WebApplication app, string url) => (_app, Url) = (app, url);

    public static async Task<Listener> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        Listener? self = null;
        app.MapPost("/hooks", async (HttpContext http) =>
        {
            var received = DateTimeOffset.UtcNow;
            var id = http.Request.Headers["webhook-id"].ToString();
            if (self!._inFlight.AddOrUpdate(id, 1, (_, n) => n + 1) > 1)
                Interlocked.Increment(ref self.Overlaps);
            try
            {
                using var ms = new MemoryStream();
                await http.Request.Body.CopyToAsync(ms);
                var body = ms.ToArray();
                if (self.Secret is { } secret && !new WebhookVerifier(secret).Verify(id, http.Request.Headers["webhook-timestamp"], http.Request.Headers["webhook-signature"], body).IsValid)
                    Interlocked.Increment(ref self.BadSignatures);
                using var doc = JsonDocument.Parse(body);
                var root = doc.RootElement;
                var data = root.GetProperty("data");
                self.Got.Add((id, root.GetProperty("type").GetString()!, data.TryGetProperty("request_id", out var r) ? r.GetString() : null,
                    DateTimeOffset.Parse(root.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture), received));
                if (self.Delay > TimeSpan.Zero)
                    await Task.Delay(self.Delay);
                return Results.Ok();
            }
            finally
            {
                self._inFlight.AddOrUpdate(id, 0, (_, n) => n - 1);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return self = new Listener(app, address + "/hooks");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>One server process (the real binary), killable with SIGKILL.</summary>
internal sealed class ServerNode(Args args, string connectionString, string dataPath, int port, string blobKey, string name)
{
    private Process? _process;
    public string BaseUrl => $"http://127.0.0.1:{port}";
    public int Starts { get; private set; }

    public async Task StartAsync()
    {
        var psi = new ProcessStartInfo("dotnet", ["exec", args.ServerDll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(args.ServerDll)!,
        };
        var env = psi.Environment;
        env["ASPNETCORE_URLS"] = BaseUrl;
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["WFP_Storage__Provider"] = "Postgres";
        env["WFP_ConnectionStrings__Postgres"] = connectionString;
        env["WFP_Storage__DataPath"] = dataPath;
        env["WFP_Admin__Email"] = "owner@crash.test";
        env["WFP_Admin__Password"] = "crash-test-password";
        env["WFP_Admin__WorkspaceName"] = "Crash";
        env["WFP_Blobs__Keys__k1"] = blobKey;
        env["WFP_Blobs__ActiveKeyId"] = "k1";
        env["WFP_Webhooks__AllowLoopback"] = "true";
        env["WFP_Webhooks__Timeout"] = "00:00:03";
        env["WFP_Webhooks__LeaseDuration"] = "00:00:05";
        env["WFP_Webhooks__JobInterval"] = "00:00:02";
        env["WFP_Workflow__StuckAfter"] = "00:00:05";
        env["WFP_Workflows__SweepInterval"] = "00:00:02";
        env["WFP_RateLimiting__PerApiKeyPermits"] = "1000000";
        env["WFP_RateLimiting__PerIpPermits"] = "1000000";
        env["WFP_Logging__LogLevel__Default"] = "Warning";
        _process = Process.Start(psi)!;
        var log = new StreamWriter(Path.Combine(dataPath, $"{name}-{Starts}.log")) { AutoFlush = true };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Starts++;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{name} exited with {_process.ExitCode}; see {dataPath}/{name}-{Starts - 1}.log");
            try
            {
                if ((await http.GetAsync(BaseUrl + "/health/ready")).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{name} did not become ready");
    }

    /// <summary>SIGKILL: no shutdown hooks, in-flight deliveries are cut off.</summary>
    public void Kill()
    {
        _process?.Kill(entireProcessTree: false);
        _process?.WaitForExit();
    }

    public void Stop() { if (_process is { HasExited: false }) Kill(); }
}

internal static class Scenarios
{
    private sealed record Setup(HttpClient Api, string Secret, Guid Workspace);

    private static async Task<Setup> SetUpAsync(string baseUrl, string receiverUrl)
    {
        var admin = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(baseUrl) };
        (await admin.PostAsJsonAsync("/api/admin/auth/login", new { email = "owner@crash.test", password = "crash-test-password" })).EnsureSuccessStatusCode();
        var me = await admin.GetFromJsonAsync<JsonElement>("/api/admin/auth/me");
        var ws = me.GetProperty("workspaces")[0].GetProperty("id").GetGuid();
        var definition = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "instant-approve.json"))).RootElement;
        var import = await admin.PostAsJsonAsync($"/api/admin/workspaces/{ws}/workflows", definition);
        if (!import.IsSuccessStatusCode && import.StatusCode != HttpStatusCode.Conflict)
            throw new InvalidOperationException("import: " + await import.Content.ReadAsStringAsync());
        var publish = await admin.PostAsync($"/api/admin/workspaces/{ws}/workflows/instant-approve/publish", null);
        if (!publish.IsSuccessStatusCode && publish.StatusCode != HttpStatusCode.Conflict)
            throw new InvalidOperationException("publish: " + await publish.Content.ReadAsStringAsync());
        var app = await (await admin.PostAsJsonAsync($"/api/admin/workspaces/{ws}/applications",
            new { name = "Crash shop", verificationWays = new[] { "link" }, onboardingWorkflow = "instant-approve" })).Content.ReadFromJsonAsync<JsonElement>();
        var appId = app.GetProperty("id").GetGuid();
        var key = await (await admin.PostAsJsonAsync($"/api/admin/workspaces/{ws}/applications/{appId}/keys", new { name = "crash" })).Content.ReadFromJsonAsync<JsonElement>();
        var endpoint = await (await admin.PostAsJsonAsync($"/api/admin/workspaces/{ws}/webhooks/endpoints", new { applicationId = appId, url = receiverUrl }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var api = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(10) };
        api.DefaultRequestHeaders.Authorization = new("Bearer", key.GetProperty("key").GetString());
        return new Setup(api, endpoint.GetProperty("secret").GetString()!, ws);
    }

    /// <summary>
    /// Creates a request, retrying through crashes with one Idempotency-Key. Returns whether the API answered 201. A kill
    /// between storing the request and storing its answer leaves the key "in progress" (409): the request itself still
    /// runs (the sweeper recovers it), so after 5 s of 409s the client stops asking and relies on the webhooks.
    /// </summary>
    private static async Task<bool> CreateAsync(Func<HttpClient> api, int i)
    {
        var key = $"crash-{i}";
        var conflicts = 0;
        for (var attempt = 0; attempt < 400 && conflicts < 20; attempt++)
        {
            try
            {
                using var message = new HttpRequestMessage(HttpMethod.Post, "/api/v1/requests")
                {
                    Content = JsonContent.Create(new { workflow = "instant-approve", user_id = $"user-{i}", verification_way = new { type = "link" } }),
                };
                message.Headers.Add("Idempotency-Key", key);
                var response = await api().SendAsync(message);
                if (response.StatusCode == HttpStatusCode.Created)
                    return true;
                if (response.StatusCode == HttpStatusCode.Conflict)
                    conflicts++;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        return false;
    }

    private static async Task<(long Events, long Pending)> CountAsync(string cs, Guid ws)
    {
        await using var c = new NpgsqlConnection(cs);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT (SELECT count(*) FROM notification_events WHERE workspace_id = @ws), (SELECT count(*) FROM notification_deliveries WHERE workspace_id = @ws AND status = 'pending')", c);
        cmd.Parameters.AddWithValue("ws", ws);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return (r.GetInt64(0), r.GetInt64(1));
    }

    private static async Task<HashSet<string>> EventIdsAsync(string cs, Guid ws)
    {
        await using var c = new NpgsqlConnection(cs);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT id FROM notification_events WHERE workspace_id = @ws", c);
        cmd.Parameters.AddWithValue("ws", ws);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
            ids.Add(r.GetString(0));
        return ids;
    }

    /// <summary>Waits until the outbox is drained and the listener has every event id (or the timeout).</summary>
    private static async Task<HashSet<string>> SettleAsync(string cs, Guid ws, Listener listener, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        HashSet<string> ids;
        do
        {
            await Task.Delay(500);
            ids = await EventIdsAsync(cs, ws);
            var (_, pending) = await CountAsync(cs, ws);
            var got = listener.Got.Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
            if (pending == 0 && ids.IsSubsetOf(got))
                break;
        }
        while (DateTime.UtcNow < deadline);
        return ids;
    }

    private static (int Duplicates, int Missing, int IdsPerEventMax) Figures(HashSet<string> expected, Listener listener)
    {
        var got = listener.Got.ToList();
        var distinct = got.Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        var idsPerEvent = got.Where(g => g.RequestId is not null).GroupBy(g => (g.RequestId, g.Type)).Select(g => g.Select(x => x.Id).Distinct().Count()).DefaultIfEmpty(0).Max();
        return (got.Count - distinct.Count, expected.Count(e => !distinct.Contains(e)), idsPerEvent);
    }

    public static async Task<bool> CrashAsync(PostgresServer pg, Args args)
    {
        var watch = Stopwatch.StartNew();
        var cs = await pg.CreateDatabaseAsync("crash");
        var data = Directory.CreateTempSubdirectory("wfp-crash-").FullName;
        await using var listener = await Listener.StartAsync();
        var node = new ServerNode(args, cs, data, FreePort(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), "node");
        await node.StartAsync();
        var setup = await SetUpAsync(node.BaseUrl, listener.Url);
        listener.Secret = setup.Secret;

        var created = 0;
        var next = -1;
        var kills = 0;
        var workers = Enumerable.Range(0, 8).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < args.Requests)
                if (await CreateAsync(() => setup.Api, i))
                    Interlocked.Increment(ref created);
        }).ToList();
        var killer = Task.Run(async () =>
        {
            for (var k = 0; k < args.Kills; k++)
            {
                // Kill when the next slice of requests is in: deliveries of the last ones are in flight.
                var at = (k + 1) * args.Requests / (args.Kills + 1);
                while (Volatile.Read(ref created) < at && workers.Any(w => !w.IsCompleted))
                    await Task.Delay(20);
                node.Kill();
                kills++;
                await node.StartAsync();
            }
        });
        await Task.WhenAll(workers);
        await killer;
        var expected = await SettleAsync(cs, setup.Workspace, listener, TimeSpan.FromSeconds(90));
        var (dups, missing, idsPerEvent) = Figures(expected, listener);
        var completed = listener.Got.Where(g => g.Type == "request.completed").Select(g => g.RequestId).Distinct().Count();
        // A kill between the API storing a request and the engine creating its instance leaves a request with no
        // instance and so no event at all (a requests-API gap, reported separately from the outbox figures).
        var neverStarted = args.Requests - listener.Got.Where(g => g.Type == "request.created").Select(g => g.RequestId).Distinct().Count();
        node.Stop();
        Console.WriteLine($"crash test: requests={args.Requests} api-201={created} completed(notified)={completed} kills={kills} events={expected.Count} " +
            $"received={listener.Got.Count} duplicates={dups} missing={missing} webhook-ids-per-event(max)={idsPerEvent} bad-signatures={listener.BadSignatures} " +
            $"requests-never-started={neverStarted} time={watch.Elapsed.TotalSeconds:0}s");
        return missing == 0 && idsPerEvent <= 1 && listener.BadSignatures == 0 && expected.Count > 0;
    }

    public static async Task<bool> TwoNodesAsync(PostgresServer pg, Args args)
    {
        var watch = Stopwatch.StartNew();
        var cs = await pg.CreateDatabaseAsync("twonodes");
        var data = Directory.CreateTempSubdirectory("wfp-two-").FullName;
        await using var listener = await Listener.StartAsync();
        listener.Delay = TimeSpan.FromMilliseconds(30); // widen the window in which a double attempt would overlap
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var a = new ServerNode(args, cs, data, FreePort(), key, "a");
        await a.StartAsync();
        var b = new ServerNode(args, cs, data, FreePort(), key, "b");
        await b.StartAsync();
        var setupA = await SetUpAsync(a.BaseUrl, listener.Url);
        listener.Secret = setupA.Secret;
        var apiB = new HttpClient { BaseAddress = new Uri(b.BaseUrl) };
        apiB.DefaultRequestHeaders.Authorization = setupA.Api.DefaultRequestHeaders.Authorization;
        var next = -1;
        var created = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async w =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < args.Requests)
                if (await CreateAsync(() => i % 2 == 0 ? setupA.Api : apiB, i))
                    Interlocked.Increment(ref created);
        }));
        var expected = await SettleAsync(cs, setupA.Workspace, listener, TimeSpan.FromSeconds(60));
        var (dups, missing, _) = Figures(expected, listener);
        var (attemptsA, attemptsB, doubled) = await AttemptsAsync(cs);
        a.Stop();
        b.Stop();
        Console.WriteLine($"two nodes: requests={args.Requests} created={created} events={expected.Count} received={listener.Got.Count} duplicates={dups} missing={missing} " +
            $"overlapping-attempts={listener.Overlaps} deliveries-with-two-successes={doubled} attempts-by-node=[{attemptsA}, {attemptsB}] time={watch.Elapsed.TotalSeconds:0}s");
        return missing == 0 && listener.Overlaps == 0 && dups == 0 && doubled == 0;
    }

    private static async Task<(long, long, long)> AttemptsAsync(string cs)
    {
        await using var c = new NpgsqlConnection(cs);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            """
            SELECT coalesce((SELECT count(*) FROM notification_attempts GROUP BY node ORDER BY node LIMIT 1), 0),
                   coalesce((SELECT count(*) FROM notification_attempts GROUP BY node ORDER BY node OFFSET 1 LIMIT 1), 0),
                   (SELECT count(*) FROM (SELECT delivery_id FROM notification_attempts WHERE outcome = 'delivered' GROUP BY delivery_id HAVING count(*) > 1) x)
            """, c);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
    }

    public static async Task<bool> BenchAsync(PostgresServer pg, Args args)
    {
        var cs = await pg.CreateDatabaseAsync("bench");
        var data = Directory.CreateTempSubdirectory("wfp-bench-").FullName;
        await using var listener = await Listener.StartAsync();
        var node = new ServerNode(args, cs, data, FreePort(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), "bench");
        await node.StartAsync();
        var setup = await SetUpAsync(node.BaseUrl, listener.Url);
        listener.Secret = setup.Secret;

        // 1. Latency: one request at a time (completion → request.completed received).
        var n = Math.Min(args.Requests, 200);
        for (var i = 0; i < 20; i++)
            await CreateAsync(() => setup.Api, 100_000 + i); // warm-up
        await Task.Delay(1000);
        listener.Got.Clear();
        for (var i = 0; i < n; i++)
        {
            await CreateAsync(() => setup.Api, i);
            await Task.Delay(20);
        }
        await SettleAsync(cs, setup.Workspace, listener, TimeSpan.FromSeconds(30));
        var lat = listener.Got.Where(g => g.Type == "request.completed").Select(g => (g.ReceivedAt - g.EventAt).TotalMilliseconds).Order().ToArray();
        double P(double q) => lat.Length == 0 ? double.NaN : lat[Math.Min(lat.Length - 1, (int)Math.Ceiling(q * lat.Length) - 1)];

        // 2. Throughput with a slow listener (250 ms per answer).
        listener.Got.Clear();
        listener.Delay = TimeSpan.FromMilliseconds(250);
        var m = Math.Min(args.Requests, 200);
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < m)
                await CreateAsync(() => setup.Api, 200_000 + i);
        }));
        await SettleAsync(cs, setup.Workspace, listener, TimeSpan.FromSeconds(90));
        var times = listener.Got.Select(g => g.ReceivedAt).Order().ToArray();
        var rate = times.Length < 2 ? 0 : times.Length / (times[^1] - times[0]).TotalSeconds;
        node.Stop();
        Console.WriteLine($"benchmark: completion→received latency over {lat.Length} events: p50={P(0.5):0.0} ms p95={P(0.95):0.0} ms max={lat.LastOrDefault():0.0} ms; " +
            $"slow listener (250 ms/answer): {times.Length} deliveries at {rate:0.0}/s");
        return lat.Length > 0 && P(0.95) <= 1000;
    }

    private static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}

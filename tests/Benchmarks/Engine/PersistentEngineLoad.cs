using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;
using WorkflowPlatform.Engine;
using WorkflowPlatform.Engine.Definitions;
using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Engine.Modules;
using WorkflowPlatform.Engine.Scheduling;
using WorkflowPlatform.Server.Scheduling;
using WorkflowPlatform.Server.Workflows;
using WorkflowPlatform.Storage;
using WorkflowPlatform.Storage.Migrations;
using WorkflowPlatform.Storage.Workflows;
using WorkflowPlatform.Storage.Workspaces;
using WorkflowPlatform.Testing;

namespace WorkflowPlatform.Benchmarks.Engine;

/// <summary>
/// Scripted load run of the engine on a real database, wired as the server wires it (EF stores, Quartz
/// scheduler on the persistent job store):
/// <c>dotnet run -c Release --project tests/Benchmarks -- engine-load [--db sqlite|postgres|both] [--seconds 10] [--concurrency 16]</c>.
/// PostgreSQL is a throwaway server started by the test fixture code (<see cref="PostgresServer"/>).
/// Prints instances/second for the non-interactive 5-node workflow run to completion and persisted, and the
/// latency of a suspend + resume round trip.
/// </summary>
public static class PersistentEngineLoad
{


    // --store memory: the engine's in-memory stores instead of the EF ones (isolates the persistence cost).
    private static bool MemoryStores;

    public static async Task<int> RunAsync(string[] args)
    {
        var db = Arg(args, "--db") ?? "both";
        var seconds = int.Parse(Arg(args, "--seconds") ?? "10", CultureInfo.InvariantCulture);
        var concurrency = int.Parse(Arg(args, "--concurrency") ?? "16", CultureInfo.InvariantCulture);
        var quartz = Arg(args, "--scheduler") != "memory";
        MemoryStores = Arg(args, "--store") == "memory";
        Console.WriteLine($"engine-load: {Environment.ProcessorCount} logical CPUs, {seconds} s per run, {concurrency} concurrent starters, .NET {Environment.Version}");
        if (db is "sqlite" or "both")
        {
            await RunOneAsync(TestDatabase.Sqlite, seconds, concurrency, quartz);
        }

        if (db is "postgres" or "both")
        {
            await RunOneAsync(TestDatabase.Postgres, seconds, concurrency, quartz);
        }

        return 0;
    }

    private static async Task RunOneAsync(TestDatabase kind, int seconds, int concurrency, bool quartz)
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "wfp-load-" + Guid.NewGuid().ToString("N")[..8]);
        var pg = kind == TestDatabase.Postgres ? await (await PostgresServer.Shared).CreateDatabaseAsync("load") : null;
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataPath"] = dataPath,
            ["Storage:Provider"] = kind == TestDatabase.Postgres ? "Postgres" : "Sqlite",
            ["ConnectionStrings:Postgres"] = pg,
            ["Scheduler:InstanceName"] = "wfp-load",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<IConfiguration>(config);
        services.AddStorage(config);
        services.AddPlatformScheduler(config);
        var engineBuilder = services.AddWorkflowEngine().AddModule<AwaitInputModule>();
        if (MemoryStores)
        {
            engineBuilder.UseInMemoryStores();
        }
        else
        {
            engineBuilder.UseEfStores();
        }
        if (quartz)
        {
            services.AddSingleton<IWorkflowScheduler, QuartzWorkflowScheduler>();
        }
        else
        {
            services.AddSingleton<IWorkflowScheduler>(sp => new InMemoryWorkflowScheduler(TimeProvider.System));
        }
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<SchemaMigrator>().MigrateAsync();
        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.Start();

        var workspace = Guid.NewGuid();
        await using (var scope = provider.CreateAsyncScope())
        {
            var ctx = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            ctx.Workspaces.Add(new Workspace { Id = workspace, Name = "load", CreatedAt = DateTimeOffset.UtcNow });
            await ctx.SaveChangesAsync();
        }

        var ws = workspace.ToString();
        var definitions = provider.GetRequiredService<WorkflowDefinitionService>();
        await definitions.ImportAsync(ws, BenchmarkWorkflows.FiveNodes, publish: true);
        await definitions.ImportAsync(ws, BenchmarkWorkflows.Interactive, publish: true);
        var engine = provider.GetRequiredService<WorkflowEngine>();
        var five = Request(ws, "five");

        // Warm-up: JIT, connection pools, plan and snapshot caches.
        for (var i = 0; i < 200; i++)
        {
            var r = await engine.StartAsync(five);
            if (r.Status != InstanceStatus.Completed || !Equals(r.Result["score"], 61L))
            {
                throw new InvalidOperationException($"Five-node workflow ended {r.Status}.");
            }
        }

        if (Environment.GetEnvironmentVariable("WFP_LOAD_PROBE") == "1")
        {
            var store = provider.GetRequiredService<WorkflowPlatform.Engine.Persistence.IWorkflowDefinitionStore>();
            var instances = provider.GetRequiredService<WorkflowPlatform.Engine.Persistence.IWorkflowInstanceStore>();
            var someId = (await engine.StartAsync(five)).InstanceId;
            foreach (var (name, op) in new (string, Func<Task>)[]
            {
                ("GetPublishedAsync", () => store.GetPublishedAsync(ws, "five")),
                ("instances.GetAsync", () => instances.GetAsync(someId)),
                ("StartAsync", () => engine.StartAsync(five)),
                ("scope+context", async () =>
                {
                    await using var sc = provider.CreateAsyncScope();
                    _ = sc.ServiceProvider.GetRequiredService<PlatformDbContext>().Model;
                }),
                ("scope+context+query", async () =>
                {
                    await using var sc = provider.CreateAsyncScope();
                    await sc.ServiceProvider.GetRequiredService<PlatformDbContext>().Workspaces.AsNoTracking().FirstOrDefaultAsync();
                }),
                ("query x1 same context", async () =>
                {
                    await using var sc = provider.CreateAsyncScope();
                    var c = sc.ServiceProvider.GetRequiredService<PlatformDbContext>();
                    await c.Workspaces.AsNoTracking().FirstOrDefaultAsync();
                    await c.Workspaces.AsNoTracking().FirstOrDefaultAsync();
                    await c.Workspaces.AsNoTracking().FirstOrDefaultAsync();
                    await c.Workspaces.AsNoTracking().FirstOrDefaultAsync();
                }),
            })
            {
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                var w = Stopwatch.StartNew();
                for (var i = 0; i < 300; i++)
                {
                    await op();
                }

                Console.WriteLine($"probe {name}: {w.Elapsed.TotalMilliseconds / 300:F3} ms wall, {(Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds / 300:F3} ms CPU");
            }
        }

        // Throughput: N concurrent starters for the duration.
        var completed = 0L;
        var failures = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var r = await engine.StartAsync(five);
                if (r.Status == InstanceStatus.Completed)
                {
                    Interlocked.Increment(ref completed);
                }
                else
                {
                    failures.Add(r.Status.ToWire());
                }
            }
        })).ToList();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;

        long stored;
        await using (var scope = provider.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<IWorkspaceContext>().Set(workspace);
            var ctx = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            stored = MemoryStores ? -1 : await ctx.Set<WorkflowInstanceRow>().LongCountAsync(r => r.DefinitionKey == "five" && r.Status == "completed");
        }

        // Suspend + resume round trips, one at a time (latency, not throughput).
        var interactive = Request(ws, "interactive");
        var input = new Dictionary<string, object?> { ["score"] = 0.9 };
        var suspend = new List<double>();
        var resume = new List<double>();
        for (var i = 0; i < 400; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            var started = await engine.StartAsync(interactive);
            var t1 = Stopwatch.GetTimestamp();
            var done = await engine.ResumeAsync(started.InstanceId, started.Bookmark!, input, "k");
            var t2 = Stopwatch.GetTimestamp();
            if (started.Status != InstanceStatus.AwaitingInput || done.Outcome != WorkflowOutcome.Approved)
            {
                throw new InvalidOperationException("Interactive workflow did not suspend and resume.");
            }

            if (i >= 50)
            {
                suspend.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
                resume.Add(Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds);
            }
        }

        await scheduler.Shutdown(waitForJobsToComplete: false);
        Console.WriteLine();
        Console.WriteLine($"[{kind}, {(quartz ? "Quartz" : "in-memory")} timers] 5-node workflow to completion, persisted: {completed / elapsed:F0} instances/s " +
            $"({completed} in {elapsed:F1} s, {concurrency} concurrent, {failures.Count} not completed, {stored} completed rows in the database incl. 200 warm-up)");
        Console.WriteLine($"[{kind}] client CPU per instance: {cpuMs / Math.Max(1, completed):F2} ms (engine + EF + driver in this process; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
        Console.WriteLine($"[{kind}] start → suspended (persisted): p50 {P(suspend, 0.5):F2} ms, p95 {P(suspend, 0.95):F2} ms");
        Console.WriteLine($"[{kind}] resume → completed (persisted): p50 {P(resume, 0.5):F2} ms, p95 {P(resume, 0.95):F2} ms");
        Console.WriteLine($"[{kind}] suspend + resume round trip: p50 {P(suspend.Zip(resume, (a, b) => a + b).ToList(), 0.5):F2} ms");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(dataPath))
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }

    private static StartRequest Request(string ws, string workflow) => new()
    {
        WorkspaceId = ws,
        Workflow = workflow,
        UserId = "u1",
        User = new Dictionary<string, object?> { ["is_new"] = true, ["selfie_registered"] = false },
        Request = new Dictionary<string, object?>
        {
            ["locale"] = "de-DE",
            ["metadata"] = new Dictionary<string, object?> { ["country"] = "DE", ["age"] = 30L },
        },
    };

    private static double P(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(q * sorted.Count))];
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private sealed class AwaitInputModule : IWorkflowModule
    {
        public ModuleDescriptor Descriptor { get; } = new()
        {
            Type = "await_input",
            DisplayName = "Await input",
            Category = "bench",
            Interactive = true,
            Outputs = [new OutputDescriptor { Name = "score", Type = OutputTypes.Double }],
        };

        public ValueTask<ModuleResult> ExecuteAsync(ModuleContext context)
            => ValueTask.FromResult(context.Resume is null
                ? ModuleResult.Suspend("input")
                : ModuleResult.Done(new Dictionary<string, object?> { ["score"] = context.Resume.Input.GetValueOrDefault("score") }));
    }
}

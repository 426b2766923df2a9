using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace WorkflowPlatform.Testing;

/// <summary>
/// A throwaway PostgreSQL server for the test process: <c>initdb</c> into a temp folder, <c>pg_ctl
/// start</c> on a free 127.0.0.1 port with its socket in that folder, stopped and deleted when the
/// process exits. One server per test process (<see cref="Shared"/>); each test class asks for a
/// fresh database with <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly Lazy<Task<PostgresServer>> SharedServer = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int databaseCounter;

    private readonly string binDir;
    private readonly string root;
    private readonly string dataDir;
    private readonly bool asPostgresUser;
    private int stopped;

    private PostgresServer(string binDir, string root, int port, bool asPostgresUser)
    {
        this.binDir = binDir;
        this.root = root;
        dataDir = Path.Combine(root, "data");
        Port = port;
        this.asPostgresUser = asPostgresUser;
    }

    public int Port { get; }

    /// <summary>Superuser created by initdb.</summary>
    public const string User = "wfp";

    /// <summary>The server of this test process, started on first use.</summary>
    public static Task<PostgresServer> Shared => SharedServer.Value;

    /// <summary>The PostgreSQL bin folder (highest version under /usr/lib/postgresql), or null when none is installed.</summary>
    public static string? FindBinDirectory()
    {
        const string baseDir = "/usr/lib/postgresql";
        if (!Directory.Exists(baseDir))
        {
            return null;
        }
        return Directory.GetDirectories(baseDir)
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
            .Where(x => File.Exists(Path.Combine(x.Dir, "initdb")))
            .OrderByDescending(x => x.Version)
            .Select(x => x.Dir)
            .FirstOrDefault();
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = User,
        Database = database,
        Pooling = true,
        MaxPoolSize = 20,
        Timeout = 30,
        CommandTimeout = 60,
    }.ConnectionString;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? prefix = null)
    {
        var name = $"{Sanitize(prefix ?? "t")}_{Environment.ProcessId}_{Interlocked.Increment(ref databaseCounter)}";
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await cmd.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    private static string Sanitize(string s)
    {
        var chars = s.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '_').Take(30).ToArray();
        return chars.Length == 0 ? "t" : new string(chars);
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBinDirectory() ?? throw new InvalidOperationException(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb). Run ./scripts/test.sh as root to install it.");
        var root = Path.Combine(Path.GetTempPath(), "wfp-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var asPostgresUser = Environment.UserName == "root";
        var server = new PostgresServer(bin, root, FreePort(), asPostgresUser);
        if (asPostgresUser)
        {
            // initdb refuses to run as root; the folder (data + socket) must belong to postgres.
            await Run("chown", ["-R", "postgres:postgres", root], asPostgres: false);
        }
        await server.RunTool("initdb", ["-D", server.dataDir, "-A", "trust", "-U", User, "--encoding=UTF8", "--locale=C", "--no-sync"]);
        await server.RunTool("pg_ctl", ["-D", server.dataDir, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60",
            "-o", $"-p {server.Port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400",
            "start"]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        server.StartWatchdog();
        return server;
    }

    /// <summary>
    /// The test host may be killed before ProcessExit handlers finish, so a detached shell waits for
    /// this process to end and then stops the server and deletes its folder.
    /// </summary>
    private void StartWatchdog()
    {
        var pgCtl = Path.Combine(binDir, "pg_ctl");
        var stop = asPostgresUser ? $"runuser -u postgres -- '{pgCtl}'" : $"'{pgCtl}'";
        var script = $"exec >/dev/null 2>&1 </dev/null; while kill -0 {Environment.ProcessId}; do sleep 1; done; " +
                     $"{stop} -D '{dataDir}' -m immediate -w stop; rm -rf '{root}'";
        var psi = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var a in new[] { "sh", "-c", script })
        {
            psi.ArgumentList.Add(a);
        }
        using var _ = Process.Start(psi);
    }

    private Task RunTool(string tool, IReadOnlyList<string> args) => Run(Path.Combine(binDir, tool), args, asPostgresUser);

    private static async Task Run(string file, IReadOnlyList<string> args, bool asPostgres)
    {
        var psi = new ProcessStartInfo
        {
            FileName = asPostgres ? "runuser" : file,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                psi.ArgumentList.Add(a);
            }
        }
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {file}.");
        // pg_ctl leaves the server holding inherited handles; read to end only from the tool itself.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} exited with {process.ExitCode}: {await stderr} {await stdout}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Stop()
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return;
        }
        NpgsqlConnection.ClearAllPools();
        try
        {
            var psi = new ProcessStartInfo { FileName = asPostgresUser ? "runuser" : Path.Combine(binDir, "pg_ctl"), UseShellExecute = false };
            if (asPostgresUser)
            {
                foreach (var a in new[] { "-u", "postgres", "--", Path.Combine(binDir, "pg_ctl") })
                {
                    psi.ArgumentList.Add(a);
                }
            }
            foreach (var a in new[] { "-D", dataDir, "-m", "immediate", "-w", "stop" })
            {
                psi.ArgumentList.Add(a);
            }
            using var p = Process.Start(psi);
            p?.WaitForExit(30_000);
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A file still held by the stopping postmaster; the watchdog removes the folder.
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }
}

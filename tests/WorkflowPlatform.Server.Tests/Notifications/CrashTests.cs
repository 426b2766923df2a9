using System.Diagnostics;
using Xunit;

namespace WorkflowPlatform.Server.Tests.Notifications;

/// <summary>
/// The short crash test inside the test command: the crash-test tool (tests/CrashTest, also behind
/// scripts/crash-test.sh) runs the real server binary on a throwaway PostgreSQL, SIGKILLs it twice while deliveries
/// are in flight and checks that every committed event reached the listener.
/// </summary>
public sealed class CrashTests
{
    [Fact]
    public async Task ServerKilledTwiceDuringDeliveries_NoEventMissing()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var tool = Path.Combine(WorkflowPlatform.Server.Tests.Requests.Faces.RepoRoot, "tests", "CrashTest", "bin", configuration, "net10.0", "CrashTest.dll");
        Assert.True(File.Exists(tool), $"{tool} is missing: build tests/WorkflowPlatform.Server.Tests (it builds the tool).");
        var psi = new ProcessStartInfo("dotnet", ["exec", tool, "--mode", "crash", "--requests", "50", "--kills", "2"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, output);
        Assert.Contains("kills=2", output);
        Assert.Contains("missing=0", output);
        Assert.Contains("webhook-ids-per-event(max)=1", output);
    }
}

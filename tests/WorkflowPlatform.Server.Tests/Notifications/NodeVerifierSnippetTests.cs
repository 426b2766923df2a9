using System.Diagnostics;
using System.Text;
using WorkflowPlatform.Server.Notifications.Webhooks;
using Xunit;

namespace WorkflowPlatform.Server.Tests.Notifications;

/// <summary>The Node.js verification snippet in the README (docs/snippets/verify-webhook.mjs) must accept our signatures.</summary>
public class NodeVerifierSnippetTests
{
    [Theory]
    [InlineData(false, "valid")]
    [InlineData(true, "invalid")]
    public async Task Snippet_OnSignedBody_AgreesWithTheSigner(bool tamper, string expected)
    {
        var secret = WebhookSecret.Generate();
        var body = Encoding.UTF8.GetBytes("{\"type\":\"request.completed\",\"data\":{\"user_id\":\"ü-1\"}}");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var signature = WebhookSigner.Sign("msg_node", timestamp, body, [WebhookSecret.Generate(), secret]);
        var bodyFile = Path.GetTempFileName();
        await File.WriteAllBytesAsync(bodyFile, tamper ? [.. body, (byte)' '] : body);

        var info = new ProcessStartInfo("node")
        {
            ArgumentList = { Snippet(), secret.Text, "msg_node", timestamp.ToString(), signature, bodyFile },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var output = (await process.StandardOutput.ReadToEndAsync()).Trim();
        await process.WaitForExitAsync();
        File.Delete(bodyFile);

        Assert.Equal(expected, output);
    }

    private static string Snippet()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", "snippets", "verify-webhook.mjs");
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException("docs/snippets/verify-webhook.mjs not found above the test directory.");
    }
}

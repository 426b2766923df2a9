using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using WorkflowPlatform.E2E.Tests.Infrastructure;
using WorkflowPlatform.Testing;
using Xunit;

namespace WorkflowPlatform.E2E.Tests.Console;

/// <summary>
/// The admin console in headless Chromium against the real server: sign in, create an application and an API key,
/// open the built-in selfie-registration workflow in the designer, switch a node off, save, validate and publish —
/// then check through the admin API that the published version is the one the browser made.
/// Screenshots of every step go to artifacts/e2e/console-*.png.
/// </summary>
[Collection(BrowserCollection.Name)]
public class ConsoleTests(BrowserFixture browser)
{
    private const float Timeout = 30_000;

    private static string Shot(string name) => Path.Combine(TestPaths.Artifacts, "console-" + name + ".png");

    [Fact]
    public async Task Designer_DisableNodeSaveValidatePublish_AdminApiShowsNewPublishedVersion()
    {
        await using var server = await ConsoleServer.StartAsync();
        var (admin, ws) = await server.AdminAsync();
        var before = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/workspaces/{ws}/workflows/selfie-registration");
        var v1 = before.GetProperty("version").GetInt32();
        Assert.Equal("published", before.GetProperty("status").GetString());
        Assert.True(NodeEnabled(before.GetProperty("definition"), "selfie"));

        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Timeout);
        var pageErrors = new List<string>();
        page.PageError += (_, e) => pageErrors.Add(e);

        // Sign in through the form.
        await page.GotoAsync(server.BaseUrl + "/console/");
        await page.GetByLabel("Email").FillAsync(PlatformFactory.AdminEmail);
        await page.GetByLabel("Password").FillAsync(PlatformFactory.AdminPassword);
        await page.ScreenshotAsync(new() { Path = Shot("01-sign-in") });
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot("02-dashboard") });

        // An application, created through the form.
        await page.GetByRole(AriaRole.Link, new() { Name = "Applications" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New application" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Console E2E Shop");
        await page.GetByLabel("Return URL").FillAsync("https://shop.example.test/done");
        await page.GetByLabel("Onboarding workflow").SelectOptionAsync("selfie-registration");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create application" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API keys" })).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/applications/[0-9a-f-]{36}$"));
        var appId = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        await page.ScreenshotAsync(new() { Path = Shot("03-application") });

        // An API key, shown once.
        await page.GetByLabel("Key name").FillAsync("console e2e backend");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var keyBox = page.GetByLabel("New API key");
        await Assertions.Expect(keyBox).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^wfp_live_"));
        var apiKey = await keyBox.InputValueAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "console e2e backend" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot("04-api-key") });

        var app = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/workspaces/{ws}/applications/{appId}");
        Assert.Equal("Console E2E Shop", app.GetProperty("name").GetString());
        Assert.Equal("selfie-registration", app.GetProperty("onboardingWorkflow").GetString());
        var keys = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/workspaces/{ws}/applications/{appId}/keys");
        var key = Assert.Single(keys.EnumerateArray());
        Assert.StartsWith(key.GetProperty("prefix").GetString()!, apiKey, StringComparison.Ordinal);
        // The key the console showed authenticates against the public API (a missing request is 404, a bad key 401).
        using (var publicApi = server.Client())
        {
            publicApi.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
            Assert.Equal(HttpStatusCode.NotFound, (await publicApi.GetAsync("/api/v1/requests/00000000000000000000000000000000")).StatusCode);
        }

        // The built-in workflow in the designer.
        await page.GetByRole(AriaRole.Link, new() { Name = "Workflows" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Selfie Registration" }).ClickAsync();
        var selfieNode = page.Locator(".wf-node", new() { Has = page.Locator(".wf-node-type", new() { HasText = "· selfie" }) });
        await Assertions.Expect(selfieNode).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText($"v{v1} published")).ToBeVisibleAsync();
        // The palette is the server's module catalog.
        await Assertions.Expect(page.Locator(".palette").GetByText("HTTP Call")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot("05-designer") });

        // Select the node (the inspector shows its descriptor's form) and switch it off on the canvas.
        await selfieNode.Locator(".wf-node-title").ClickAsync();
        await Assertions.Expect(page.Locator(".inspector").GetByLabel("Attempts")).ToHaveValueAsync("3");
        await selfieNode.GetByLabel("Enable Selfie Registration").UncheckAsync(new() { Force = true });
        await Assertions.Expect(selfieNode.GetByText("disabled", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".inspector .check-row input[type=checkbox]")).Not.ToBeCheckedAsync();
        await Assertions.Expect(page.GetByText("unsaved changes")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot("06-node-disabled") });

        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Draft saved.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText($"v{v1 + 1} draft")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot("07-draft-saved") });

        await page.GetByRole(AriaRole.Button, new() { Name = "Validate" }).ClickAsync();
        await Assertions.Expect(page.GetByText("No problems found")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot("08-validated") });

        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Assertions.Expect(page.GetByText($"Published version {v1 + 1}.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText($"v{v1 + 1} published")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot("09-published") });

        // The server has what the browser made: the new version is published with that node disabled, the rest unchanged.
        var after = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/workspaces/{ws}/workflows/selfie-registration");
        Assert.Equal(v1 + 1, after.GetProperty("version").GetInt32());
        Assert.Equal("published", after.GetProperty("status").GetString());
        Assert.False(NodeEnabled(after.GetProperty("definition"), "selfie"));
        Assert.True(NodeEnabled(after.GetProperty("definition"), "approved"));
        Assert.Equal(
            before.GetProperty("definition").GetProperty("edges").GetRawText(),
            after.GetProperty("definition").GetProperty("edges").GetRawText());
        var list = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/workspaces/{ws}/workflows");
        var summary = list.EnumerateArray().Single(w => w.GetProperty("key").GetString() == "selfie-registration");
        Assert.Equal(v1 + 1, summary.GetProperty("publishedVersion").GetInt32());
        var diff = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/workspaces/{ws}/workflows/selfie-registration/diff?from={v1}&to={v1 + 1}");
        var change = Assert.Single(diff.GetProperty("changes").EnumerateArray());
        Assert.Equal("nodes[selfie].enabled", change.GetProperty("path").GetString());

        Assert.Empty(pageErrors);
    }

    [Fact]
    public async Task Webhooks_CreateEndpointAndSendTestEvent_ReceiverGetsSignedDeliveryShownInLog()
    {
        await using var server = await ConsoleServer.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var (admin, ws) = await server.AdminAsync();
        (await admin.PostAsJsonAsync($"/api/admin/workspaces/{ws}/applications", new { name = "Hooks Shop", verificationWays = new[] { "link" } })).EnsureSuccessStatusCode();

        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Timeout);
        var pageErrors = new List<string>();
        page.PageError += (_, e) => pageErrors.Add(e);
        await SignInAsync(page, server);

        await page.GetByRole(AriaRole.Link, new() { Name = "Webhooks" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New endpoint" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Application")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^[0-9a-f-]{36}$"));
        await page.GetByLabel("URL").FillAsync(receiver.Url + "/ok");
        await page.ScreenshotAsync(new() { Path = Shot("10-webhook-new") });
        await page.GetByRole(AriaRole.Button, new() { Name = "Create endpoint" }).ClickAsync();

        // The secret is shown once, on the endpoint's page.
        var secretBox = page.GetByLabel("Signing secret");
        await Assertions.Expect(secretBox).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^whsec_"));
        var secret = await secretBox.InputValueAsync();
        await page.ScreenshotAsync(new() { Path = Shot("11-webhook-secret") });
        await page.GetByRole(AriaRole.Button, new() { Name = "I stored it safely" }).ClickAsync();
        await Assertions.Expect(secretBox).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "Send test event" }).ClickAsync();
        var delivered = page.Locator(".deliveries tr", new() { HasText = "webhook.test" }).Filter(new() { HasText = "delivered" });
        for (var i = 0; i < 30 && await delivered.CountAsync() == 0; i++)
        {
            await page.WaitForTimeoutAsync(1000);
            await page.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();
        }
        await Assertions.Expect(delivered).ToHaveCountAsync(1);
        await Assertions.Expect(delivered.Locator("td.num.mono")).ToHaveTextAsync("200");
        await page.ScreenshotAsync(new() { Path = Shot("12-webhook-delivered") });

        // What the receiver got is signed with the secret the console showed.
        var got = Assert.Single(receiver.Requests, r => r.Path == "/ok");
        var check = new WorkflowPlatform.Server.Notifications.Webhooks.WebhookVerifier(secret).Verify(got.Id, got.Timestamp, got.Signature, got.Body);
        Assert.True(check.IsValid, check.Error);
        Assert.Contains("webhook.test", System.Text.Encoding.UTF8.GetString(got.Body), StringComparison.Ordinal);

        // Rotating shows a new secret once.
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rotate secret" }).ClickAsync();
        await Assertions.Expect(secretBox).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^whsec_"));
        Assert.NotEqual(secret, await secretBox.InputValueAsync());
        await page.ScreenshotAsync(new() { Path = Shot("13-webhook-rotated") });

        Assert.Empty(pageErrors);
    }

    private static async Task SignInAsync(IPage page, ConsoleServer server)
    {
        await page.GotoAsync(server.BaseUrl + "/console/");
        await page.GetByLabel("Email").FillAsync(PlatformFactory.AdminEmail);
        await page.GetByLabel("Password").FillAsync(PlatformFactory.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
    }

    private static bool NodeEnabled(JsonElement definition, string nodeId) =>
        definition.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("id").GetString() == nodeId).GetProperty("enabled").GetBoolean();
}

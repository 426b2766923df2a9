using System.Net;
using WorkflowPlatform.Server.Tests.Requests;
using WorkflowPlatform.Testing;
using Xunit;

namespace WorkflowPlatform.Server.Tests.Frontend;

/// <summary>The platform serving a capture-app build from a temp folder and a console path without a build.</summary>
public sealed class FrontendFactory : SelfiePathFactory
{
    public FrontendFactory() : base(TestDatabase.Sqlite)
    {
        Directory.CreateDirectory(Path.Combine(CaptureDist, "assets"));
        File.WriteAllText(Path.Combine(CaptureDist, "index.html"), "<!doctype html><title>capture</title><script type=module src=/web-enrolment/assets/index-AbC123.js></script>");
        File.WriteAllText(Path.Combine(CaptureDist, "assets", "index-AbC123.js"), "console.log('capture');");
        With("Frontend:CaptureDistPath", CaptureDist);
        With("Frontend:ConsoleDistPath", Path.Combine(CaptureDist, "no-console-build"));
    }

    public string CaptureDist { get; } = Path.Combine(Path.GetTempPath(), "wfp-capture-" + Guid.NewGuid().ToString("N")[..8]);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(CaptureDist, recursive: true);
    }
}

public sealed class FrontendTests(FrontendFactory factory) : IClassFixture<FrontendFactory>
{
    [Fact]
    public async Task CaptureIndex_WithToken_NoStoreAndFrameAncestorsFromTheApplication()
    {
        var api = await factory.CreateClientAsync(origins: ["https://shop.example", "http://127.0.0.1:5123"]);
        var (_, _, created) = await api.StartAsync("frontend-user");
        var url = new Uri(created.GetProperty("iframe_url").GetString()!);

        var response = await factory.CreateClient().GetAsync(url.PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<title>capture</title>", await response.Content.ReadAsStringAsync());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; connect-src 'self'", csp);
        Assert.Contains("frame-ancestors 'self' https://shop.example http://127.0.0.1:5123", csp);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("camera=(self \"https://shop.example\" \"http://127.0.0.1:5123\")", response.Headers.GetValues("Permissions-Policy").Single());
    }

    [Fact]
    public async Task CaptureIndex_WithoutValidToken_FramingRefused()
    {
        var response = await factory.CreateClient().GetAsync("/web-enrolment/?token=not-a-token&lang=de-DE");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("frame-ancestors 'none'", string.Join(";", response.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task CaptureAsset_Hashed_ImmutableAndMissingAssetIs404()
    {
        var client = factory.CreateClient();

        var asset = await client.GetAsync("/web-enrolment/assets/index-AbC123.js");
        var missing = await client.GetAsync("/web-enrolment/assets/nope-123.js");
        var escape = await client.GetAsync("/web-enrolment/..%2F..%2Fappsettings.json");

        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Contains("immutable", asset.Headers.CacheControl?.ToString());
        Assert.Equal("text/javascript", asset.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, escape.StatusCode);
    }

    [Fact]
    public async Task Console_NotBuilt_ServiceUnavailableWithBuildCommand()
    {
        var response = await factory.CreateClient().GetAsync("/console/requests/123");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("npm run build", html);
        Assert.Contains("dotnet build src/WorkflowPlatform.Server", html);
    }
}

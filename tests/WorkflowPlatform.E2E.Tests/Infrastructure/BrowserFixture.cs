using Microsoft.Playwright;
using Xunit;

namespace WorkflowPlatform.E2E.Tests.Infrastructure;

/// <summary>
/// One headless Debian Chromium for the test run, driven by Playwright, with a fake camera that plays a
/// face photo. Playwright's own browser download is never used.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public string CameraVideo { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("WFP_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
            throw new InvalidOperationException($"Chromium not found at {chromium}: apt-get install -y chromium (scripts/test.sh does it).");
        var video = Path.Combine(Path.GetTempPath(), "wfp-fake-camera-" + Environment.ProcessId + ".y4m");
        // obama.jpg cropped to its upper 4:3 part: in a 640×480 frame the face is about 190 px wide, large enough for the
        // default checks (obama-720p.jpg shows the face too small for a selfie).
        CameraVideo = FakeCamera.CreateY4m(Path.Combine(TestPaths.Faces, "obama.jpg"), video, crop: "crop=iw:iw*3/4:0:0");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--use-file-for-fake-video-capture=" + CameraVideo,
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (File.Exists(CameraVideo))
            File.Delete(CameraVideo);
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

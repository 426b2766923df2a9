using WorkflowPlatform.E2E.Tests.Infrastructure;
using Xunit;

namespace WorkflowPlatform.E2E.Tests;

[Collection(BrowserCollection.Name)]
public class FakeCameraTests(BrowserFixture browser)
{
    [Fact]
    public async Task GetUserMedia_WithFakeCamera_DeliversTheFacePhotoFrames()
    {
        // getUserMedia needs a secure context: http://127.0.0.1 is one, about:blank is not.
        await using var site = await LocalPage.ServeAsync("<video id=v autoplay muted playsinline></video><canvas id=c width=64 height=48></canvas>");
        var page = await browser.Browser.NewPageAsync();
        await page.GotoAsync(site.Url);

        // Average brightness and colour spread of a frame: Chromium's built-in fake pattern is a flat
        // green/grey test card, the photo is not.
        var stats = await page.EvaluateAsync<double[]>(@"async () => {
            const stream = await navigator.mediaDevices.getUserMedia({ video: true });
            const v = document.getElementById('v');
            v.srcObject = stream;
            await new Promise(r => v.onplaying = r);
            await new Promise(r => setTimeout(r, 300));
            const c = document.getElementById('c');
            const g = c.getContext('2d');
            g.drawImage(v, 0, 0, 64, 48);
            const d = g.getImageData(0, 0, 64, 48).data;
            let sum = 0, min = 255, max = 0;
            for (let i = 0; i < d.length; i += 4) { const y = (d[i] + d[i+1] + d[i+2]) / 3; sum += y; min = Math.min(min, y); max = Math.max(max, y); }
            return [v.videoWidth, v.videoHeight, sum / (d.length / 4), max - min];
        }");

        Assert.Equal(640, stats[0]);
        Assert.Equal(480, stats[1]);
        Assert.InRange(stats[2], 20, 235);
        Assert.True(stats[3] > 100, $"frame looks flat (spread {stats[3]}), not a photo");
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestPaths.Artifacts, "fake-camera.png") });
    }
}

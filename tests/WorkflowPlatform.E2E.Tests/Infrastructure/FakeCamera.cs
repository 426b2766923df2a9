using System.Diagnostics;

namespace WorkflowPlatform.E2E.Tests.Infrastructure;

/// <summary>
/// Makes a Y4M video from a still photo with Debian's ffmpeg, for Chromium's
/// <c>--use-file-for-fake-video-capture</c>: the browser's camera then shows that face.
/// </summary>
public static class FakeCamera
{
    public static string CreateY4m(string photoPath, string outputPath, int width = 640, int height = 480, string? crop = null)
    {
        if (!File.Exists(photoPath))
            throw new FileNotFoundException("Photo for the fake camera not found.", photoPath);
        var ffmpeg = File.Exists("/usr/bin/ffmpeg") ? "/usr/bin/ffmpeg" : "ffmpeg";
        // Scale to cover the frame then crop, so the face keeps its aspect ratio; 1 s at 10 fps loops forever in Chromium.
        var filter = (crop is null ? "" : crop + ",") + $"scale={width}:{height}:force_original_aspect_ratio=increase,crop={width}:{height},format=yuv420p";
        var info = new ProcessStartInfo(ffmpeg)
        {
            ArgumentList = { "-y", "-loglevel", "error", "-loop", "1", "-i", photoPath, "-t", "1", "-r", "10", "-vf", filter, "-f", "yuv4mpegpipe", outputPath },
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("ffmpeg could not be started; install it with apt-get install -y ffmpeg.");
        var errors = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(60_000) || process.ExitCode != 0)
            throw new InvalidOperationException($"ffmpeg failed to make {outputPath}: {errors}");
        return outputPath;
    }
}

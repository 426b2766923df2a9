using BenchmarkDotNet.Attributes;
using WorkflowPlatform.Faces.Imaging;

namespace WorkflowPlatform.Benchmarks.Imaging;

/// <summary>
/// Decoder throughput on the shared photos (<c>WFP_FACES_DIR</c> or <c>../shared/faces</c> from the repository root).
/// Run: <c>dotnet run -c Release --project tests/Benchmarks -- --filter *ImageDecode* --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class ImageDecodeBenchmarks
{
    private byte[] jpeg720 = [];
    private byte[] jpeg1080 = [];
    private byte[] jpegProgressive = [];
    private byte[] pngRgba = [];
    private byte[] pngGrey = [];

    [GlobalSetup]
    public void Setup()
    {
        string dir = FacesDir();
        jpeg720 = File.ReadAllBytes(Path.Combine(dir, "obama-720p.jpg"));
        jpeg1080 = File.ReadAllBytes(Path.Combine(dir, "obama-1080p.jpg"));
        jpegProgressive = File.ReadAllBytes(Path.Combine(dir, "emotion-happy.jpg"));
        pngRgba = File.ReadAllBytes(Path.Combine(dir, "rgba-32bit.png"));
        pngGrey = File.ReadAllBytes(Path.Combine(dir, "bernadette1.png"));
    }

    [Benchmark(Description = "JPEG 1280x720 4:2:0 baseline (obama-720p)")]
    public RgbImage Jpeg720p() => ImageDecoder.Decode(jpeg720);

    [Benchmark(Description = "JPEG 1920x1080 4:2:0 baseline (obama-1080p)")]
    public RgbImage Jpeg1080p() => ImageDecoder.Decode(jpeg1080);

    [Benchmark(Description = "JPEG progressive (emotion-happy)")]
    public RgbImage JpegProgressive() => ImageDecoder.Decode(jpegProgressive);

    [Benchmark(Description = "PNG 626x1200 RGBA (rgba-32bit)")]
    public RgbImage PngRgba() => ImageDecoder.Decode(pngRgba);

    [Benchmark(Description = "PNG 150x150 grey (bernadette1)")]
    public RgbImage PngGrey() => ImageDecoder.Decode(pngGrey);

    [Benchmark(Description = "ReadInfo JPEG 1080p (header only)")]
    public ImageInfo ReadInfo1080p() => ImageDecoder.ReadInfo(jpeg1080);

    private static string FacesDir()
    {
        if (Environment.GetEnvironmentVariable("WFP_FACES_DIR") is { Length: > 0 } env)
            return env;
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "WorkflowPlatform.sln")))
                return Path.GetFullPath(Path.Combine(d.FullName, "..", "shared", "faces"));
        }

        throw new InvalidOperationException("Set WFP_FACES_DIR to the folder holding the shared photos.");
    }
}

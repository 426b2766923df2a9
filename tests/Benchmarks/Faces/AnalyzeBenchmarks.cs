using BenchmarkDotNet.Attributes;
using WorkflowPlatform.Faces;
using WorkflowPlatform.Faces.Imaging;

namespace WorkflowPlatform.Benchmarks.Faces;

/// <summary>
/// Full analysis of one 640×480 selfie (centre crop of ../shared/faces/obama-480p.jpg, or WFP_FACES_DIR):
/// detect + mesh + pose + quality + spoof signals + embedding + checks. Goal ≤ 40 ms median, bar ≤ 80 ms.
/// </summary>
[MemoryDiagnoser]
public class AnalyzeBenchmarks
{
    private FaceAnalyzer _analyzer = null!;
    private RgbImage _selfie = null!;
    private readonly FaceAnalysisOptions _options = new();

    [GlobalSetup]
    public void Setup()
    {
        var root = FindRepoRoot();
        _analyzer = new FaceAnalyzer(FaceModels.Load(Path.Combine(root, "models")));
        var faces = Environment.GetEnvironmentVariable("WFP_FACES_DIR") is { Length: > 0 } d ? d : Path.Combine(root, "..", "shared", "faces");
        var full = ImageDecoder.Decode(File.ReadAllBytes(Path.Combine(faces, "obama-480p.jpg")));
        _selfie = CentreCrop(full, 640, 480);
        var check = _analyzer.Analyze(_selfie, _options);
        if (check.Faces.Count != 1) throw new InvalidOperationException($"Benchmark selfie should hold one face, found {check.Faces.Count}.");
    }

    [Benchmark]
    public int Analyze() => _analyzer.Analyze(_selfie, _options).Faces.Count;

    [Benchmark]
    public int DetectOnly() => _analyzer.Detect(_selfie, _options).Count;

    internal static RgbImage CentreCrop(RgbImage img, int w, int h)
    {
        int x0 = (img.Width - w) / 2, y0 = (img.Height - h) / 2;
        var px = new byte[w * h * 3];
        for (var y = 0; y < h; y++) img.Pixels.AsSpan(((y + y0) * img.Width + x0) * 3, w * 3).CopyTo(px.AsSpan(y * w * 3));
        return new RgbImage(w, h, px);
    }

    internal static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "WorkflowPlatform.sln"))) return dir.FullName;
        throw new InvalidOperationException("Repository root not found.");
    }
}

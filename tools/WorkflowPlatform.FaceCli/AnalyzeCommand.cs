using System.Diagnostics;
using System.Globalization;
using WorkflowPlatform.Faces;
using WorkflowPlatform.Faces.Imaging;
using WorkflowPlatform.Faces.Runtime;

namespace WorkflowPlatform.FaceCli;

/// <summary>
/// <c>face-cli analyze [--models DIR] [--json] &lt;image&gt;...</c>: every face with box, scores, pose, quality,
/// the check code and the numbers behind it. Exit code 0 when all images were analysed, 1 when one failed to
/// decode, 4 when the models cannot be loaded.
/// </summary>
internal static class AnalyzeCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        string? modelsDir = null;
        var files = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--models" && i + 1 < args.Length) modelsDir = args[++i];
            else files.Add(args[i]);
        }
        if (files.Count == 0)
        {
            Console.Error.WriteLine("usage: face-cli analyze [--models DIR] <image>...");
            return Task.FromResult(2);
        }

        FaceAnalyzer analyzer;
        try
        {
            var sw = Stopwatch.StartNew();
            analyzer = new FaceAnalyzer(FaceModels.Load(modelsDir));
            Console.WriteLine($"models loaded from {analyzer.Models.Directory} in {sw.ElapsedMilliseconds} ms");
        }
        catch (ModelLoadException e)
        {
            Console.Error.WriteLine($"face-cli: {e.Message}");
            return Task.FromResult(4);
        }

        var failed = false;
        foreach (var file in files)
        {
            RgbImage image;
            try
            {
                image = ImageDecoder.Decode(File.ReadAllBytes(file));
            }
            catch (ImageDecodeException e)
            {
                Console.WriteLine($"{file}: {e.Code} {e.Message}");
                failed = true;
                continue;
            }
            catch (IOException e)
            {
                Console.WriteLine($"{file}: cannot read ({e.Message})");
                failed = true;
                continue;
            }
            Print(file, analyzer.Analyze(image));
        }
        return Task.FromResult(failed ? 1 : 0);
    }

    private static void Print(string file, FaceAnalysis a)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"{file}: {a.ImageWidth}x{a.ImageHeight}, {a.Faces.Count} face(s), check {a.Check.Code ?? "OK"} — {a.Check.Message}"));
        for (var i = 0; i < a.Faces.Count; i++)
        {
            var f = a.Faces[i];
            var q = f.Quality;
            Console.WriteLine(string.Create(c,
                $"  face {i}{(i == a.PrimaryFaceIndex ? " (primary)" : "")}: box [{f.Box.X:F0},{f.Box.Y:F0} {f.Box.Width:F0}x{f.Box.Height:F0}] score {f.Score:F3} mesh {f.FaceScore?.ToString("F2", c) ?? "-"} ") + string.Create(c,
                $"yaw {f.Pose.Yaw:F1} pitch {f.Pose.Pitch:F1} roll {f.Pose.Roll:F1} eyes {f.InterEyeDistance:F0}px"));
            Console.WriteLine(string.Create(c,
                $"    quality: sharpness {q.Sharpness:F1} brightness {q.Brightness:F0} contrast {q.Contrast:F1} border {q.BorderDistance:F0}px cropped {q.CroppedFraction:P1}") +
                (f.Spoof is { } s ? string.Create(c, $"; advisory spoof: real {s.Real:F2} live {s.Live:F2}") : ""));
        }
        if (a.Template is { } t)
            Console.WriteLine(string.Create(c, $"  template {t.ModelId} v{t.ModelVersion}: [{string.Join(", ", t.Vector[..4].ToArray().Select(v => v.ToString("F4", c)))}, …]"));
        Console.WriteLine("  details: " + string.Join(", ", a.Check.Details.Select(kv => string.Create(c, $"{kv.Key}={kv.Value}"))));
        Console.WriteLine(string.Create(c, $"  timings ms: detect {a.Timings.Detect:F1} mesh {a.Timings.Mesh:F1} spoof {a.Timings.Spoof:F1} embed {a.Timings.Embed:F1} total {a.Timings.Total:F1}"));
    }
}

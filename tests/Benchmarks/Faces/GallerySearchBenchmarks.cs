using BenchmarkDotNet.Attributes;
using WorkflowPlatform.Faces.Matching;

namespace WorkflowPlatform.Benchmarks.Faces;

/// <summary>
/// 1:N top-50 over a gallery of N dlib-like templates (norm ≈ 1.45; 8 samples per identity at ≈ 0.35 from the
/// identity's centre, so a query has true hits). Goal ≤ 20 ms at 1 M, bar ≤ 100 ms.
/// </summary>
[MemoryDiagnoser]
public class GallerySearchBenchmarks
{
    private FaceGallery _gallery = null!;
    private FaceTemplate[] _queries = null!;
    private int _next;

    [Params(100_000, 1_000_000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        _gallery = new FaceGallery();
        var centres = new List<float[]>();
        var v = new float[128];
        for (var i = 0; i < Size; i++)
        {
            if (i % 8 == 0)
            {
                var c = new float[128];
                for (var j = 0; j < 128; j++) c[j] = (float)(rng.NextDouble() * 2 - 1) * 0.22f;
                centres.Add(c);
            }
            var centre = centres[^1];
            for (var j = 0; j < 128; j++) v[j] = centre[j] + (float)(rng.NextDouble() * 2 - 1) * 0.055f;
            _gallery.Add("t" + i, FaceTemplate.FromDlib(v));
        }
        _queries = Enumerable.Range(0, 64).Select(i => FaceTemplate.FromDlib(centres[rng.Next(centres.Count)])).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _gallery.Dispose();

    /// <summary>Top-50 with distance ≤ 0.6 (the product's search).</summary>
    [Benchmark(Baseline = true)]
    public int Top50AtThreshold() => _gallery.Search(_queries[_next++ & 63], 50).Count;

    /// <summary>Plain top-50, no threshold (worst case for the candidate heap).</summary>
    [Benchmark]
    public int Top50Unbounded() => _gallery.Search(_queries[_next++ & 63], 50, double.PositiveInfinity).Count;

    /// <summary>Brute-force float reference.</summary>
    [Benchmark]
    public int Top50BruteForceFloat() => _gallery.SearchExact(_queries[_next++ & 63], 50).Count;
}

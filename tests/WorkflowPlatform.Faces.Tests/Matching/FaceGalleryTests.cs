using WorkflowPlatform.Faces.Matching;
using Xunit;

namespace WorkflowPlatform.Faces.Tests.Matching;

public sealed class FaceGalleryTests
{
    // Identities: a random centre with norm ≈ 1.45 (like dlib descriptors), samples at ~0.35 from it.
    private static (List<(string Id, float[] V)> Items, List<float[]> Centres) Population(int identities, int perIdentity, int seed)
    {
        var rng = new Random(seed);
        var centres = new List<float[]>();
        var items = new List<(string, float[])>();
        for (var p = 0; p < identities; p++)
        {
            var c = FaceTemplateTests.RandomVector(rng, 128, 0.22f);
            centres.Add(c);
            for (var k = 0; k < perIdentity; k++)
            {
                var v = (float[])c.Clone();
                for (var i = 0; i < 128; i++) v[i] += (float)(rng.NextDouble() * 2 - 1) * 0.055f;
                items.Add(($"p{p}-{k}", v));
            }
        }
        return (items, centres);
    }

    private static void AssertSameAsBruteForce(IReadOnlyList<GalleryHit> fast, IReadOnlyList<GalleryHit> exact)
    {
        Assert.Equal(exact.Count, fast.Count);
        for (var i = 0; i < exact.Count; i++)
        {
            Assert.Equal(exact[i].Distance, fast[i].Distance, 5);
            if (exact[i].Id != fast[i].Id)
                Assert.True(Math.Abs(exact[i].Distance - fast[i].Distance) < 1e-5, $"rank {i}: {exact[i].Id} vs {fast[i].Id}");
        }
    }

    [Theory]
    [InlineData(1, 0.6)]
    [InlineData(10, 0.6)]
    [InlineData(50, double.PositiveInfinity)]
    [InlineData(200, 1.0)]
    public void Search_ClusteredPopulation_EqualsBruteForce(int k, double maxDistance)
    {
        var (items, centres) = Population(300, 8, 11);
        using var g = new FaceGallery();
        foreach (var (id, v) in items) g.Add(id, FaceTemplate.FromDlib(v));
        var rng = new Random(5);
        for (var q = 0; q < 40; q++)
        {
            var query = q % 2 == 0 ? centres[rng.Next(centres.Count)] : FaceTemplateTests.RandomVector(rng, 128, 0.22f);
            var t = FaceTemplate.FromDlib(query);
            AssertSameAsBruteForce(g.Search(t, k, maxDistance), g.SearchExact(t, k, maxDistance));
        }
    }

    [Fact]
    public void Search_LargeGalleryParallelPath_EqualsBruteForce()
    {
        var (items, centres) = Population(5000, 8, 3); // 40 000 templates → multi-part scan
        using var g = new FaceGallery();
        foreach (var (id, v) in items) g.Add(id, FaceTemplate.FromDlib(v));
        foreach (var c in centres.Take(10))
        {
            var t = FaceTemplate.FromDlib(c);
            AssertSameAsBruteForce(g.Search(t, 50, double.PositiveInfinity), g.SearchExact(t, 50, double.PositiveInfinity));
            var hits = g.Search(t, 50);
            Assert.Equal(8, hits.Count); // the identity's 8 samples, nobody else within 0.6
        }
    }

    [Fact]
    public void Search_SameIdentity_ReturnsItsSamplesAboveThreshold()
    {
        var (items, centres) = Population(50, 5, 21);
        using var g = new FaceGallery();
        foreach (var (id, v) in items) g.Add(id, FaceTemplate.FromDlib(v));
        var hits = g.Search(FaceTemplate.FromDlib(centres[7]), 50);
        Assert.Equal(5, hits.Count);
        Assert.All(hits, h => Assert.StartsWith("p7-", h.Id));
        Assert.All(hits, h => Assert.True(h.Similarity >= 0.5));
    }

    [Fact]
    public void RemoveAndReplace_WithoutRebuild_AreReflected()
    {
        var (items, centres) = Population(20, 3, 8);
        using var g = new FaceGallery();
        foreach (var (id, v) in items) g.Add(id, FaceTemplate.FromDlib(v));
        Assert.Equal(60, g.Count);
        Assert.True(g.Remove("p3-1"));
        Assert.False(g.Remove("p3-1"));
        Assert.False(g.Contains("p3-1"));
        Assert.Equal(59, g.Count);
        var hits = g.Search(FaceTemplate.FromDlib(centres[3]), 10);
        Assert.Equal(["p3-0", "p3-2"], hits.Select(h => h.Id).Order().ToArray());
        // Replace p3-0 with a template of identity 5: it now answers for 5, not 3.
        g.Add("p3-0", FaceTemplate.FromDlib(centres[5]));
        Assert.Equal(59, g.Count);
        Assert.DoesNotContain(g.Search(FaceTemplate.FromDlib(centres[3]), 10), h => h.Id == "p3-0");
        var top = g.Search(FaceTemplate.FromDlib(centres[5]), 1);
        Assert.Equal("p3-0", top[0].Id);
        Assert.Equal(0, top[0].Distance, 5);
        // remove everything
        foreach (var (id, _) in items) g.Remove(id);
        Assert.Equal(0, g.Count);
        Assert.Empty(g.Search(FaceTemplate.FromDlib(centres[5]), 5));
    }

    [Fact]
    public void Add_OtherModel_ThrowsMismatch()
    {
        using var g = new FaceGallery();
        Assert.Throws<FaceTemplateMismatchException>(() => g.Add("x", new FaceTemplate("other", 1, new float[128])));
        Assert.Throws<FaceTemplateMismatchException>(() => g.Search(new FaceTemplate(FaceTemplate.DlibModelId, 1, new float[64])));
    }

    [Fact]
    public async Task ConcurrentReadsAndWrites_StayConsistent()
    {
        var (items, centres) = Population(400, 4, 99);
        using var g = new FaceGallery();
        foreach (var (id, v) in items.Take(800)) g.Add(id, FaceTemplate.FromDlib(v));
        var stop = DateTime.UtcNow.AddSeconds(2);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var writer = Task.Run(() =>
        {
            var rng = new Random(1);
            while (DateTime.UtcNow < stop)
            {
                var (id, v) = items[rng.Next(items.Count)];
                if (rng.Next(2) == 0) g.Add(id, FaceTemplate.FromDlib(v)); else g.Remove(id);
            }
        });
        var readers = Enumerable.Range(0, 3).Select(r => Task.Run(() =>
        {
            var rng = new Random(100 + r);
            while (DateTime.UtcNow < stop)
            {
                var p = rng.Next(centres.Count);
                foreach (var h in g.Search(FaceTemplate.FromDlib(centres[p]), 10))
                {
                    // every hit must be a real sample of the queried identity, at its true distance
                    if (!h.Id.StartsWith($"p{p}-", StringComparison.Ordinal)) errors.Enqueue($"identity {p} got {h.Id}");
                    var k = int.Parse(h.Id.AsSpan(h.Id.IndexOf('-') + 1));
                    var expected = FaceMatcher.Distance(centres[p], items[p * 4 + k].V);
                    if (Math.Abs(expected - h.Distance) > 1e-4) errors.Enqueue($"{h.Id} distance {h.Distance} vs {expected}");
                }
            }
        })).ToArray();
        await Task.WhenAll([writer, .. readers]);
        Assert.Empty(errors);
        var ids = items.Select(i => i.Id).Where(g.Contains).ToList();
        Assert.Equal(g.Count, ids.Count);
        AssertSameAsBruteForce(g.Search(FaceTemplate.FromDlib(centres[0]), 50, double.PositiveInfinity), g.SearchExact(FaceTemplate.FromDlib(centres[0]), 50, double.PositiveInfinity));
    }

    [Fact]
    public void Registry_PerWorkspace_IsolatesGalleries()
    {
        using var reg = new FaceGalleryRegistry();
        reg.For("ws1").Add("a", FaceTemplate.FromDlib(new float[128]));
        Assert.Equal(1, reg.For("ws1").Count);
        Assert.Equal(0, reg.For("ws2").Count);
        Assert.Same(reg.For("ws1"), reg.For("ws1"));
        Assert.True(reg.Remove("ws1"));
        Assert.Equal(0, reg.For("ws1").Count);
    }
}

public sealed class FaceGallerySearchPathTests
{
    [Fact]
    public void Search_ClusteredGallery_ReranksFewCandidatesWithoutRescan()
    {
        // Regression: a sign bug in the per-template scale (MaxMagnitude returns the signed element) made every
        // template with a negative extreme quantise to zero; results stayed exact only through full float rescans.
        var rng = new Random(4);
        using var g = new FaceGallery();
        var centres = new List<float[]>();
        for (var p = 0; p < 2000; p++)
        {
            var c = FaceTemplateTests.RandomVector(rng, 128, 0.22f);
            centres.Add(c);
            for (var k = 0; k < 4; k++)
            {
                var v = (float[])c.Clone();
                for (var i = 0; i < 128; i++) v[i] += (float)(rng.NextDouble() * 2 - 1) * 0.055f;
                g.Add($"p{p}-{k}", FaceTemplate.FromDlib(v));
            }
        }
        var hits = g.Search(FaceTemplate.FromDlib(centres[17]), 50, FaceMatcher.DefaultThreshold, out var info);
        Assert.Equal(4, hits.Count);
        Assert.Equal(8000, info.Scanned);
        Assert.InRange(info.Reranked, 4, 40);
        Assert.Equal(0, info.Rescans);
    }
}

using WorkflowPlatform.Faces.Checks;
using WorkflowPlatform.Faces.Imaging;
using WorkflowPlatform.Faces.Matching;
using WorkflowPlatform.Faces.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace WorkflowPlatform.Faces.Tests.Pipeline;

[Collection(ModelsCollection.Name)]
public sealed class AccuracyTests(ModelsFixture models, ITestOutputHelper output)
{
    private FaceAnalysis Analyze(string file) => models.Analyzer.Analyze(TestPaths.Load(file));

    [Fact]
    public void Analyze_EverySingleFacePhoto_FindsExactlyOneFace()
    {
        var misses = new List<string>();
        foreach (var s in FaceSource.Load().Where(s => s.ExpectedFaces == 1))
        {
            var a = Analyze(s.File);
            output.WriteLine($"{s.File}: {a.Faces.Count} face(s), {a.Check.Code ?? "OK"}");
            if (a.Faces.Count != 1) misses.Add($"{s.File}: {a.Faces.Count}");
        }
        Assert.True(misses.Count == 0, "Expected one face in: " + string.Join("; ", misses));
    }

    [Fact]
    public void Analyze_MultiFacePhotos_FindsSeveralFacesAndReportsTooManyFaces()
    {
        foreach (var s in FaceSource.Load().Where(s => s.Person == "_multi_"))
        {
            var a = Analyze(s.File);
            output.WriteLine($"{s.File}: {a.Faces.Count} faces");
            Assert.True(a.Faces.Count > 1, $"{s.File}: {a.Faces.Count} face(s)");
            if (s.ExpectedFaces is { } n) Assert.Equal(n, a.Faces.Count);
            Assert.Equal(FaceCheckCodes.TooManyFaces, a.Check.Code);
        }
    }

    [Fact]
    public void Analyze_PartialFace_ReportsFaceCropped()
    {
        var a = Analyze("obama-partial-face.jpg");
        Assert.Equal(FaceCheckCodes.FaceCropped, a.Check.Code);
        Assert.True(a.Check.Details["croppedFraction"] > a.Check.Details["maxCroppedFraction"]);
    }

    [Fact]
    public void Analyze_GoodPortrait_PassesWithPoseAndQuality()
    {
        var a = Analyze("obama.jpg");
        Assert.True(a.Check.Passed, a.Check.Message);
        var f = Assert.Single(a.Faces);
        Assert.Equal(468, f.Landmarks.Count);
        Assert.Equal(6, f.Keypoints.Count);
        Assert.InRange(f.Pose.Yaw, -10, 10);
        Assert.InRange(f.Pose.Roll, -10, 10);
        Assert.True(f.InterEyeDistance > 50);
        Assert.NotNull(f.Spoof);
        Assert.NotNull(a.Template);
        Assert.Equal(128, a.Template!.Dimension);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Analyze_GeneratedNoFaceImages_FindsNothing(int kind)
    {
        var img = kind switch
        {
            0 => Noise(640, 480, 3),
            1 => Preprocessing.TfImageTests.Gradient(640, 480),
            _ => Quality.FaceQualityTests.Checker(640, 480, 24),
        };
        var a = models.Analyzer.Analyze(img);
        Assert.Empty(a.Faces);
        Assert.Equal(FaceCheckCodes.FaceNotFound, a.Check.Code);
        Assert.Null(a.Template);
    }

    [Fact]
    public void Analyze_BlurredPortrait_ReportsQualityLow()
    {
        var sharp = TestPaths.Load("obama.jpg");
        var blurred = Quality.FaceQualityTests.BoxBlur(sharp, 8);
        var a = models.Analyzer.Analyze(blurred);
        output.WriteLine($"sharpness {a.Check.Details.GetValueOrDefault("sharpness")}: {a.Check.Code}");
        Assert.Equal(FaceCheckCodes.FaceQualityLow, a.Check.Code);
    }

    [Fact]
    public void Analyze_DarkenedPortrait_ReportsQualityLow()
    {
        var img = TestPaths.Load("obama.jpg");
        var px = (byte[])img.Pixels.Clone();
        for (var i = 0; i < px.Length; i++) px[i] = (byte)(px[i] / 6);
        var a = models.Analyzer.Analyze(new RgbImage(img.Width, img.Height, px));
        Assert.Equal(FaceCheckCodes.FaceQualityLow, a.Check.Code);
        Assert.True(a.Check.Details["brightness"] < 40);
    }

    [Fact]
    public void Analyze_RotatedPortrait_ReportsRollAndAngleCheck()
    {
        var img = Rotate(TestPaths.Load("obama.jpg"), 40);
        var a = models.Analyzer.Analyze(img);
        var f = Assert.Single(a.Faces);
        output.WriteLine($"roll {f.Pose.Roll:F1}, code {a.Check.Code}");
        Assert.InRange(Math.Abs(f.Pose.Roll), 25, 55);
        Assert.Equal(FaceCheckCodes.FaceAngleTooLarge, a.Check.Code);
    }

    [Fact]
    public void Analyze_FaceShiftedToEdge_ReportsBorderOrCrop()
    {
        var img = TestPaths.Load("obama.jpg");
        var f = Assert.Single(models.Analyzer.Analyze(img).Faces);
        // Cut the image 5 px right of the face's left edge side: the face then touches the border.
        var x0 = Math.Max(0, (int)f.Box.X - 10);
        var w = img.Width - x0;
        var px = new byte[w * img.Height * 3];
        for (var y = 0; y < img.Height; y++) img.Pixels.AsSpan((y * img.Width + x0) * 3, w * 3).CopyTo(px.AsSpan(y * w * 3));
        var a = models.Analyzer.Analyze(new RgbImage(w, img.Height, px));
        output.WriteLine($"border {a.Check.Details.GetValueOrDefault("borderDistance")}, cropped {a.Check.Details.GetValueOrDefault("croppedFraction")}: {a.Check.Code}");
        Assert.Equal(FaceCheckCodes.FaceCloseToBorder, a.Check.Code);
    }

    [Fact]
    public void Analyze_SmallResolution_ReportsFaceTooSmall()
    {
        var a = Analyze("obama-240p.jpg");
        Assert.Single(a.Faces);
        Assert.Equal(FaceCheckCodes.FaceTooSmall, a.Check.Code);
    }

    [Fact]
    public void Matching_LabelledPeople_SamePersonMatchesDifferentPeopleDoNot()
    {
        // obama-partial-face.jpg is excluded: the product rejects it (FACE_CROPPED) before any matching.
        var people = FaceSource.Load().Where(s => s.IsLabelledPerson && s.ExpectedFaces == 1 && s.File != "obama-partial-face.jpg").ToList();
        var templates = new List<(string File, string Person, FaceTemplate T)>();
        foreach (var s in people)
        {
            var a = Analyze(s.File);
            Assert.NotNull(a.Template);
            templates.Add((s.File, s.Person, a.Template!));
        }
        var matcher = new FaceMatcher();
        var genuine = new List<(double D, string Pair)>();
        var impostor = new List<(double D, string Pair)>();
        for (var i = 0; i < templates.Count; i++)
            for (var j = i + 1; j < templates.Count; j++)
            {
                var d = matcher.Compare(templates[i].T, templates[j].T).Distance;
                var pair = $"{templates[i].File}~{templates[j].File}";
                (templates[i].Person == templates[j].Person ? genuine : impostor).Add((d, pair));
            }
        var frr = genuine.Count(g => g.D > FaceMatcher.DefaultThreshold) / (double)genuine.Count;
        var far = impostor.Count(g => g.D <= FaceMatcher.DefaultThreshold) / (double)impostor.Count;
        var (eer, eerThreshold) = Eer(genuine.Select(g => g.D).ToList(), impostor.Select(g => g.D).ToList());
        output.WriteLine($"images {templates.Count}, genuine pairs {genuine.Count}, impostor pairs {impostor.Count}");
        output.WriteLine($"at 0.6: FRR {frr:P2}, FAR {far:P2}; EER {eer:P2} at {eerThreshold:F3}");
        output.WriteLine($"genuine mean {genuine.Average(g => g.D):F3} max {genuine.Max(g => g.D):F3}; impostor mean {impostor.Average(g => g.D):F3} min {impostor.Min(g => g.D):F3}");
        foreach (var g in genuine.Where(g => g.D > 0.6)) output.WriteLine($"  false reject {g.Pair} {g.D:F3}");
        foreach (var g in impostor.Where(g => g.D <= 0.6)) output.WriteLine($"  false accept {g.Pair} {g.D:F3}");
        // FACES.md measured dlib EER 2.1 % (policy E 1.5 %) on a similar set; allow some noise but catch regressions.
        Assert.True(eer <= 0.05, $"EER {eer:P2}");
        Assert.True(frr <= 0.05, $"FRR at 0.6 {frr:P2}");
        Assert.True(far <= 0.01, $"FAR at 0.6 {far:P2}");
    }

    [Fact]
    public void Matching_ObamaSeries_AllMatchEachOther()
    {
        string[] files = ["obama.jpg", "obama2.jpg", "obama-480p.jpg", "obama-720p.jpg", "obama-1080p.jpg", "obama-small.jpg"];
        var t = files.Select(f => Analyze(f).Template!).ToArray();
        var matcher = new FaceMatcher();
        for (var i = 0; i < t.Length; i++)
            for (var j = i + 1; j < t.Length; j++)
                Assert.True(matcher.Compare(t[i], t[j]).IsMatch, $"{files[i]} vs {files[j]}: {matcher.Compare(t[i], t[j]).Distance:F3}");
        Assert.False(matcher.Compare(t[0], Analyze("biden.jpg").Template!).IsMatch);
    }

    internal static (double Eer, double Threshold) Eer(List<double> genuine, List<double> impostor)
    {
        var best = (Eer: 1.0, Threshold: 0.0);
        foreach (var t in genuine.Concat(impostor).Order())
        {
            var frr = genuine.Count(d => d > t) / (double)genuine.Count;
            var far = impostor.Count(d => d <= t) / (double)impostor.Count;
            var e = Math.Max(frr, far);
            if (e < best.Eer) best = (e, t);
        }
        return best;
    }

    private static RgbImage Noise(int w, int h, int seed)
    {
        var px = new byte[w * h * 3];
        new Random(seed).NextBytes(px);
        return new RgbImage(w, h, px);
    }

    private static RgbImage Rotate(RgbImage img, double degrees)
    {
        var a = degrees * Math.PI / 180;
        var (c, s) = (Math.Cos(a), Math.Sin(a));
        int w = img.Width, h = img.Height;
        var px = new byte[w * h * 3];
        double cx = w / 2.0, cy = h / 2.0;
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var sx = (int)Math.Round(cx + c * (x - cx) + s * (y - cy));
                var sy = (int)Math.Round(cy - s * (x - cx) + c * (y - cy));
                if ((uint)sx >= (uint)w || (uint)sy >= (uint)h) continue;
                img.Pixels.AsSpan((sy * w + sx) * 3, 3).CopyTo(px.AsSpan((y * w + x) * 3));
            }
        return new RgbImage(w, h, px);
    }
}

[Collection(ModelsCollection.Name)]
public sealed class HostileImageTests(ModelsFixture models)
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(4000, 3)]
    [InlineData(3, 4000)]
    [InlineData(201, 1)]
    public void Analyze_DegenerateSizes_ReturnsWithoutFace(int w, int h)
    {
        var px = new byte[w * h * 3];
        new Random(w * 31 + h).NextBytes(px);
        var a = models.Analyzer.Analyze(new WorkflowPlatform.Faces.Imaging.RgbImage(w, h, px));
        Assert.Equal(w, a.ImageWidth);
        Assert.Empty(a.Faces);
        Assert.Equal(FaceCheckCodes.FaceNotFound, a.Check.Code);
    }

    [Fact]
    public void Analyze_InvalidCheckOptions_ThrowsBeforeWork()
    {
        var options = new FaceAnalysisOptions { Checks = { MaxYaw = double.NaN } };
        Assert.Throws<ArgumentOutOfRangeException>(() => models.Analyzer.Analyze(new WorkflowPlatform.Faces.Imaging.RgbImage(8, 8, new byte[192]), options));
    }

    [Fact]
    public async Task Analyze_ConcurrentCalls_GiveSameResult()
    {
        var img = TestPaths.Load("kit2.jpg");
        var expected = models.Analyzer.Analyze(img);
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => models.Analyzer.Analyze(img))));
        foreach (var r in results)
        {
            Assert.Equal(expected.Faces.Count, r.Faces.Count);
            Assert.Equal(expected.Faces[0].Box, r.Faces[0].Box);
            Assert.True(expected.Template!.Vector.SequenceEqual(r.Template!.Vector));
        }
    }
}

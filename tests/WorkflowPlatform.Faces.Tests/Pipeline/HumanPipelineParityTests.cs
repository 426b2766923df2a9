using System.Text.Json;
using WorkflowPlatform.Faces.Detection;
using WorkflowPlatform.Faces.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace WorkflowPlatform.Faces.Tests.Pipeline;

/// <summary>
/// The C# pipeline, configured like human 3.3.6 (no padding, no upright crop, NMS IoU 0.1, min score 0.2), against
/// human's own results stored in Fixtures/parity/human-pipeline.json. PNGs decode to identical pixels, so the
/// tolerances are tight; JPEG decoders may differ by a few levels, so those get looser bounds.
/// </summary>
[Collection(ModelsCollection.Name)]
public sealed class HumanPipelineParityTests(ModelsFixture models, ITestOutputHelper output)
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        using var doc = ParityFixture.Open("human-pipeline.json");
        foreach (var r in doc.RootElement.GetProperty("results").EnumerateArray()) data.Add(r.GetProperty("file").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Analyze_HumanConfiguration_MatchesHumanResults(string file)
    {
        using var doc = ParityFixture.Open("human-pipeline.json");
        var expected = doc.RootElement.GetProperty("results").EnumerateArray().First(r => r.GetProperty("file").GetString() == file);
        var image = TestPaths.Load(file);
        long byteSum = 0;
        foreach (var b in image.Pixels) byteSum += b;
        var identicalPixels = byteSum == expected.GetProperty("decodedByteSum").GetInt64();
        output.WriteLine($"{file}: decoded pixels identical to the reference decoder: {identicalPixels}");
        var meshTol = identicalPixels ? 1.0 : 4.0;
        var angleTol = identicalPixels ? 0.01 : 0.05;
        var scoreTol = identicalPixels ? 0.011 : 0.08;

        var options = new FaceAnalysisOptions { PadSmallImagesUpTo = 0, UprightCropAbove = double.PositiveInfinity, IouThreshold = 0.1f, MinDetectionScore = 0.2f };
        options.Checks.MaxFaces = 10;
        var analysis = models.Analyzer.Analyze(image, options);
        var humanFaces = expected.GetProperty("faces").EnumerateArray().ToList();
        Assert.Equal(humanFaces.Count, analysis.Faces.Count);
        foreach (var h in humanFaces)
        {
            var hb = ParityFixture.Floats(h.GetProperty("box"));
            // match by nearest box
            var mine = analysis.Faces.MinBy(f => Math.Abs(FinalBox(f, image).X - hb[0]) + Math.Abs(FinalBox(f, image).Y - hb[1]))!;
            var box = FinalBox(mine, image);
            output.WriteLine($"human box [{string.Join(',', hb)}], ours [{box.X},{box.Y},{box.Width},{box.Height}]");
            Assert.InRange(Math.Abs(box.X - hb[0]) + Math.Abs(box.Y - hb[1]) + Math.Abs(box.Width - hb[2]) + Math.Abs(box.Height - hb[3]), 0, identicalPixels ? 4 : 16);
            Assert.Equal(h.GetProperty("boxScore").GetDouble(), Math.Round(mine.Score * 100) / 100, scoreTol);
            Assert.Equal(h.GetProperty("faceScore").GetDouble(), mine.FaceScore!.Value, scoreTol);

            var mesh = h.GetProperty("mesh");
            double maxDiff = 0;
            var i = 0;
            foreach (var p in mesh.EnumerateArray())
            {
                maxDiff = Math.Max(maxDiff, Math.Max(Math.Abs(p[0].GetDouble() - mine.Landmarks[i].X), Math.Abs(p[1].GetDouble() - mine.Landmarks[i].Y)));
                i++;
            }
            output.WriteLine($"mesh max diff {maxDiff}px");
            Assert.Equal(468, i);
            Assert.InRange(maxDiff, 0, meshTol);

            var angle = h.GetProperty("angle");
            const double rad = Math.PI / 180;
            Assert.Equal(angle.GetProperty("yaw").GetDouble(), mine.Pose.Yaw * rad, angleTol);
            Assert.Equal(angle.GetProperty("pitch").GetDouble(), mine.Pose.Pitch * rad, angleTol);
            Assert.Equal(angle.GetProperty("roll").GetDouble(), mine.Pose.Roll * rad, angleTol);
            Assert.Equal(h.GetProperty("real").GetDouble(), mine.Spoof!.Real, scoreTol);
            Assert.Equal(h.GetProperty("live").GetDouble(), mine.Spoof!.Live, scoreTol);
        }
    }

    private static BoxF FinalBox(DetectedFace f, WorkflowPlatform.Faces.Imaging.RgbImage image)
    {
        var crop = FaceMeshGeometry.CropBox(f.DetectorBox);
        return FaceMeshGeometry.ClampTrunc(FaceMeshGeometry.MeshBox(f.Landmarks.ToArray(), crop), image.Width, image.Height);
    }
}

using WorkflowPlatform.Faces.Imaging;
using WorkflowPlatform.Faces.Preprocessing;
using WorkflowPlatform.Faces.Tests.Support;
using Xunit;

namespace WorkflowPlatform.Faces.Tests.Preprocessing;

public sealed class TfImageTests
{
    private static byte[] SeededImage(out int w, out int h)
    {
        using var doc = ParityFixture.Open("imageops.json");
        var shape = doc.RootElement.GetProperty("input").GetProperty("shape");
        h = shape[1].GetInt32();
        w = shape[2].GetInt32();
        var f = Mulberry32.Bytes(doc.RootElement.GetProperty("input").GetProperty("seed").GetUInt32(), w * h * 3);
        return Array.ConvertAll(f, v => (byte)v);
    }

    [Fact]
    public void ResizeBilinear_SeededImage_MatchesTfjs()
    {
        var src = SeededImage(out var w, out var h);
        using var doc = ParityFixture.Open("imageops.json");
        var checkedCases = 0;
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            if (c.GetProperty("op").GetString() != "resizeBilinear") continue;
            int oh = c.GetProperty("size")[0].GetInt32(), ow = c.GetProperty("size")[1].GetInt32();
            var dst = new float[oh * ow * 3];
            TfImage.ResizeBilinear(src, w, h, dst, ow, oh);
            Assert.True(ParityFixture.MaxAbsDiff(c.GetProperty("output"), dst) < 1e-3, $"resize to {ow}x{oh}");
            checkedCases++;
        }
        Assert.Equal(3, checkedCases);
    }

    [Fact]
    public void CropAndResize_SeededImageIncludingOutsideBox_MatchesTfjs()
    {
        var src = SeededImage(out var w, out var h);
        using var doc = ParityFixture.Open("imageops.json");
        var checkedCases = 0;
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            if (c.GetProperty("op").GetString() != "cropAndResize") continue;
            var b = ParityFixture.Floats(c.GetProperty("box"));
            var dst = new float[19 * 19 * 3];
            TfImage.CropAndResize(src, w, h, b[0], b[1], b[2], b[3], dst, 19, 19);
            Assert.True(ParityFixture.MaxAbsDiff(c.GetProperty("output"), dst) < 1e-3, $"box {string.Join(',', b)}");
            checkedCases++;
        }
        Assert.Equal(3, checkedCases);
    }

    [Fact]
    public void ResizeBilinear_SameSize_IsIdentity()
    {
        var src = new byte[5 * 4 * 3];
        for (var i = 0; i < src.Length; i++) src[i] = (byte)(i * 7);
        var dst = new float[src.Length];
        TfImage.ResizeBilinear(src, 5, 4, dst, 5, 4);
        Assert.Equal(Array.ConvertAll(src, v => (float)v), dst);
    }

    [Fact]
    public void ResizeBilinear_DestinationTooSmall_Throws()
    {
        Assert.Throws<ArgumentException>(() => TfImage.ResizeBilinear(new byte[12], 2, 2, new float[3], 2, 2));
    }

    [Fact]
    public void ModelInputs_Normalisations_MatchModelCards()
    {
        float[] a = [0, 127.5f, 255];
        ModelInputs.ToSignedUnit(a);
        Assert.Equal([-1f, 0f, 1f], a);
        float[] b = [0, 255, 51];
        ModelInputs.ToUnit(b);
        Assert.Equal([0f, 1f, 0.2f], b);
        float[] c = [122.782f, 117.001f, 104.298f, 0, 0, 0];
        ModelInputs.ToDlib(c);
        Assert.Equal(0f, c[0]);
        Assert.Equal(0f, c[1]);
        Assert.Equal(0f, c[2]);
        Assert.Equal(-122.782f / 255f, c[3], 6);
    }

    [Fact]
    public void FaceChipExtract_AxisAlignedIntegerSquare_CopiesPixels()
    {
        var img = Gradient(300, 300);
        var chip = FaceChip.Extract(img, new ChipGeometry(20, 30, 150, 0));
        for (var v = 0; v < 150; v += 37)
            for (var u = 0; u < 150; u += 23)
                for (var c = 0; c < 3; c++)
                    Assert.Equal(img.Pixels[((30 + v) * 300 + 20 + u) * 3 + c], chip[(v * 150 + u) * 3 + c], 3);
    }

    [Fact]
    public void FaceChipExtract_OutsideImage_IsBlack()
    {
        var img = new RgbImage(10, 10, Enumerable.Repeat((byte)200, 300).ToArray());
        var chip = FaceChip.Extract(img, new ChipGeometry(-200, -200, 150, 0));
        Assert.All(chip, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void FaceChipFromKeypoints_LevelEyes_FollowsDlibRectRule()
    {
        // eyes at (100,100), (160,100); mouth at (130,160): c=(130,120), size = mean dist / 0.45
        var g = FaceChip.FromKeypoints(new PointF(100, 100), new PointF(160, 100), new PointF(130, 160));
        var d = Math.Sqrt(30 * 30 + 60 * 60);
        var size = d / 0.45;
        Assert.Equal(0, g.Angle, 9);
        Assert.Equal(size, g.Size, 6);
        Assert.Equal(130 - 0.5 * size, g.Left, 6);
        Assert.Equal(120 - 0.43 * size, g.Top, 6);
    }

    [Fact]
    public void FaceChipFromKeypoints_RotatedFace_LevelsTheEyes()
    {
        // A face rotated by 30°: the chip's angle equals the eye-line angle and the chip content of a
        // rotated image equals that of the upright one.
        var upright = FaceChip.FromKeypoints(new PointF(100, 100), new PointF(160, 100), new PointF(130, 160));
        var a = Math.PI / 6;
        PointF Rot(PointF p) => new((float)(200 + Math.Cos(a) * (p.X - 200) - Math.Sin(a) * (p.Y - 200)), (float)(200 + Math.Sin(a) * (p.X - 200) + Math.Cos(a) * (p.Y - 200)));
        var rotated = FaceChip.FromKeypoints(Rot(new PointF(100, 100)), Rot(new PointF(160, 100)), Rot(new PointF(130, 160)));
        Assert.Equal(a, rotated.Angle, 5);
        Assert.Equal(upright.Size, rotated.Size, 3);
    }

    internal static RgbImage Gradient(int w, int h)
    {
        var px = new byte[w * h * 3];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var i = (y * w + x) * 3;
                px[i] = (byte)(x % 256);
                px[i + 1] = (byte)(y % 256);
                px[i + 2] = (byte)((x * 3 + y * 5) % 256);
            }
        return new RgbImage(w, h, px);
    }
}

public sealed class RotatedCropTests
{
    [Fact]
    public void CropAndResizeRotated_ZeroAngle_EqualsCropAndResizeInside()
    {
        var img = TfImageTests.Gradient(64, 48);
        var a = new float[20 * 20 * 3];
        var b = new float[20 * 20 * 3];
        TfImage.CropAndResize(img.Pixels, 64, 48, 0.1, 0.2, 0.8, 0.7, a, 20, 20);
        TfImage.CropAndResizeRotated(img.Pixels, 64, 48, 0.1, 0.2, 0.8, 0.7, 0, b, 20, 20);
        for (var i = 0; i < a.Length; i++) Assert.Equal(a[i], b[i], 3);
    }

    [Fact]
    public void CropAndResizeRotated_HalfTurn_MirrorsBothAxes()
    {
        var img = TfImageTests.Gradient(41, 41);
        var a = new float[41 * 41 * 3];
        var b = new float[41 * 41 * 3];
        TfImage.CropAndResize(img.Pixels, 41, 41, 0, 0, 1, 1, a, 41, 41);
        TfImage.CropAndResizeRotated(img.Pixels, 41, 41, 0, 0, 1, 1, Math.PI, b, 41, 41);
        for (var y = 0; y < 41; y++)
            for (var x = 0; x < 41; x++)
                Assert.Equal(a[((40 - y) * 41 + (40 - x)) * 3], b[(y * 41 + x) * 3], 2);
    }
}

using WorkflowPlatform.Faces.Imaging;
using WorkflowPlatform.Faces.Quality;
using Xunit;

namespace WorkflowPlatform.Faces.Tests.Quality;

public sealed class FaceQualityTests
{
    internal static RgbImage Checker(int w, int h, int cell, byte lo = 40, byte hi = 210)
    {
        var px = new byte[w * h * 3];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var v = ((x / cell) + (y / cell)) % 2 == 0 ? lo : hi;
                px[(y * w + x) * 3] = px[(y * w + x) * 3 + 1] = px[(y * w + x) * 3 + 2] = v;
            }
        return new RgbImage(w, h, px);
    }

    internal static RgbImage BoxBlur(RgbImage img, int radius)
    {
        var src = img.Pixels;
        var dst = new byte[src.Length];
        int w = img.Width, h = img.Height;
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
                for (var c = 0; c < 3; c++)
                {
                    int sum = 0, n = 0;
                    for (var dy = -radius; dy <= radius; dy++)
                        for (var dx = -radius; dx <= radius; dx++)
                        {
                            int xx = Math.Clamp(x + dx, 0, w - 1), yy = Math.Clamp(y + dy, 0, h - 1);
                            sum += src[(yy * w + xx) * 3 + c]; n++;
                        }
                    dst[(y * w + x) * 3 + c] = (byte)(sum / n);
                }
        return new RgbImage(w, h, dst);
    }

    [Fact]
    public void Measure_BlurredImage_HasLowerSharpness()
    {
        var sharp = Checker(200, 200, 6);
        var blurred = BoxBlur(sharp, 4);
        var box = new BoxF(20, 20, 160, 160);
        var qs = FaceQualityMeter.Measure(sharp, box);
        var qb = FaceQualityMeter.Measure(blurred, box);
        Assert.True(qs.Sharpness > 10 * qb.Sharpness, $"sharp {qs.Sharpness} vs blurred {qb.Sharpness}");
    }

    [Fact]
    public void Measure_UniformGrey_ReportsBrightnessNoContrastNoSharpness()
    {
        var img = new RgbImage(100, 100, Enumerable.Repeat((byte)90, 30000).ToArray());
        var q = FaceQualityMeter.Measure(img, new BoxF(10, 10, 50, 50));
        Assert.Equal(90, q.Brightness, 1);
        Assert.Equal(0, q.Contrast, 1);
        Assert.Equal(0, q.Sharpness, 3);
        Assert.Equal(10, q.BorderDistance, 3);
        Assert.Equal(0, q.CroppedFraction, 6);
    }

    [Fact]
    public void Measure_BoxHalfOutside_ReportsCropAndNegativeBorder()
    {
        var img = new RgbImage(100, 100, new byte[30000]);
        var q = FaceQualityMeter.Measure(img, new BoxF(-25, 10, 50, 50));
        Assert.Equal(0.5, q.CroppedFraction, 3);
        Assert.Equal(-25, q.BorderDistance, 3);
        Assert.Equal(1, q.UnderexposedFraction, 3);
    }

    [Fact]
    public void CroppedFraction_Landmarks_CountsPointsOutside()
    {
        Point3F[] pts = [new(5, 5, 0), new(-1, 5, 0), new(5, 100, 0), new(50, 50, 0)];
        Assert.Equal(0.5, FaceQualityMeter.CroppedFraction(100, 100, new BoxF(0, 0, 10, 10), pts), 6);
    }
}

using Xunit;
using WorkflowPlatform.Faces.Imaging;

namespace WorkflowPlatform.Faces.Tests.Imaging;

public class ExifOrientationTests
{
    public static TheoryData<int, bool> Orientations()
    {
        var data = new TheoryData<int, bool>();
        for (int o = 1; o <= 8; o++)
        {
            data.Add(o, true);
            data.Add(o, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Orientations))]
    public void Decode_JpegWithExifOrientation_ShowsImageUpright(int orientation, bool littleEndian)
    {
        byte[] plain = TestImages.FixtureBytes("baseline-444.jpg");
        var stored = ImageDecoder.Decode(plain);

        var shown = ImageDecoder.Decode(JpegBytes.WithOrientation(plain, orientation, littleEndian));

        AssertOriented(stored, shown, orientation);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(8)]
    public void ReadInfo_RotatedJpeg_SwapsOutputDimensions(int orientation)
    {
        var info = ImageDecoder.ReadInfo(JpegBytes.WithOrientation(TestImages.FixtureBytes("baseline-444.jpg"), orientation, true));

        Assert.Equal(orientation, info.Orientation);
        Assert.Equal((83, 61), (info.StoredWidth, info.StoredHeight));
        Assert.Equal((61, 83), (info.Width, info.Height));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(6)]
    public void Decode_PngWithExifChunk_ShowsImageUpright(int orientation)
    {
        var builder = new PngBuilder
        {
            Width = 7, Height = 4, ColorType = 2, Depth = 8, Samples = PngBuilder.RandomSamples(7, 4, 3, 8, 9),
        };
        var stored = ImageDecoder.Decode(builder.Encode());
        byte[] app1 = JpegBytes.WithOrientation([0xFF, 0xD8], orientation, false);
        builder.ExtraChunks.Add(("eXIf", app1[12..])); // the TIFF block without the JPEG wrapper and "Exif\0\0"

        var shown = ImageDecoder.Decode(builder.Encode());

        AssertOriented(stored, shown, orientation);
        Assert.Equal(orientation, ImageDecoder.ReadInfo(builder.Encode()).Orientation);
    }

    [Fact]
    public void Decode_CorruptExifOffsets_IgnoresOrientation()
    {
        byte[] data = JpegBytes.WithOrientation(TestImages.FixtureBytes("baseline-444.jpg"), 6, true);
        data[16] = 0xFF; // IFD0 offset far past the segment
        data[17] = 0xFF;

        var image = ImageDecoder.Decode(data);

        Assert.Equal((83, 61), (image.Width, image.Height));
    }

    /// <summary>
    /// Checks every displayed pixel against the stored pixel the EXIF definition names: value o says which
    /// visual side the stored 0th row and 0th column are (1 top/left, 2 top/right, 3 bottom/right,
    /// 4 bottom/left, 5 left/top, 6 right/top, 7 right/bottom, 8 left/bottom).
    /// </summary>
    private static void AssertOriented(RgbImage stored, RgbImage shown, int o)
    {
        int w = stored.Width, h = stored.Height;
        Assert.Equal(o >= 5 ? (h, w) : (w, h), (shown.Width, shown.Height));
        for (int y = 0; y < shown.Height; y++)
        {
            for (int x = 0; x < shown.Width; x++)
            {
                (int sx, int sy) = o switch
                {
                    1 => (x, y),
                    2 => (w - 1 - x, y),
                    3 => (w - 1 - x, h - 1 - y),
                    4 => (x, h - 1 - y),
                    5 => (y, x),
                    6 => (y, h - 1 - x),
                    7 => (w - 1 - y, h - 1 - x),
                    _ => (w - 1 - y, x),
                };
                var a = shown.Pixels.AsSpan(((y * shown.Width) + x) * 3, 3);
                var b = stored.Pixels.AsSpan(((sy * w) + sx) * 3, 3);
                Assert.True(a.SequenceEqual(b), $"orientation {o}: pixel ({x},{y}) should come from stored ({sx},{sy})");
            }
        }
    }
}

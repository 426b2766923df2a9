using Xunit;
using WorkflowPlatform.Faces.Imaging;

namespace WorkflowPlatform.Faces.Tests.Imaging;

public class PngDecoderTests
{
    public static TheoryData<int, int, bool> ColorTypesAndDepths()
    {
        var data = new TheoryData<int, int, bool>();
        int[][] valid = [[0, 1], [0, 2], [0, 4], [0, 8], [0, 16], [2, 8], [2, 16], [3, 1], [3, 2], [3, 4], [3, 8], [4, 8], [4, 16], [6, 8], [6, 16]];
        foreach (var v in valid)
        {
            data.Add(v[0], v[1], false);
            data.Add(v[0], v[1], true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ColorTypesAndDepths))]
    public void Decode_EveryColorTypeAndDepth_MatchesSpecification(int colorType, int depth, bool interlaced)
    {
        var png = Build(colorType, depth, interlaced, 13, 11);

        var image = ImageDecoder.Decode(png.Encode());

        Assert.Equal((13, 11), (image.Width, image.Height));
        Assert.Equal(png.ExpectedRgb(), image.Pixels);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(9, 1)]
    [InlineData(1, 9)]
    public void Decode_InterlacedWithEmptyPasses_MatchesSpecification(int width, int height)
    {
        var png = Build(6, 8, true, width, height);

        var image = ImageDecoder.Decode(png.Encode());

        Assert.Equal(png.ExpectedRgb(), image.Pixels);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Decode_SingleFilterType_MatchesSpecification(int filter)
    {
        var png = new PngBuilder
        {
            Width = 17, Height = 9, ColorType = 2, Depth = 8, Filter = _ => filter,
            Samples = PngBuilder.RandomSamples(17, 9, 3, 8, filter),
        };

        Assert.Equal(png.ExpectedRgb(), ImageDecoder.Decode(png.Encode()).Pixels);
    }

    [Fact]
    public void Decode_GreyColorKey_MakesMatchingSamplesWhite()
    {
        var samples = PngBuilder.RandomSamples(8, 8, 1, 4, 3);
        samples[5] = 7;
        var png = new PngBuilder { Width = 8, Height = 8, ColorType = 0, Depth = 4, Samples = samples, Transparency = [0, 7] };

        var image = ImageDecoder.Decode(png.Encode());

        Assert.Equal(png.ExpectedRgb(), image.Pixels);
        Assert.Equal(255, image.Pixels[15]);
    }

    [Fact]
    public void Decode_RgbColorKey16Bit_MakesMatchingPixelsWhite()
    {
        var samples = PngBuilder.RandomSamples(6, 5, 3, 16, 4);
        (samples[0], samples[1], samples[2]) = (0x1234, 0x0001, 0x8000);
        var png = new PngBuilder
        {
            Width = 6, Height = 5, ColorType = 2, Depth = 16, Samples = samples,
            Transparency = [0x12, 0x34, 0x00, 0x01, 0x80, 0x00],
        };

        var image = ImageDecoder.Decode(png.Encode());

        Assert.Equal(png.ExpectedRgb(), image.Pixels);
        Assert.Equal([255, 255, 255], image.Pixels[..3]);
    }

    [Fact]
    public void Builder_InterlacedRgb_DecodesIdenticallyInFfmpeg()
    {
        // Guards the test encoder itself: an independent decoder must read what it writes.
        var png = Build(2, 8, true, 21, 14);
        string path = Path.Combine(Path.GetTempPath(), $"wfp-png-{Guid.NewGuid():N}.png");
        File.WriteAllBytes(path, png.Encode());
        try
        {
            Assert.Equal(png.ExpectedRgb(), TestImages.Ffmpeg(path, "rgb24"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (string f in Directory.GetFiles(TestImages.FixturesDir, "png-*.png").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Decode_ImageMagickFixture_EqualsFfmpegExactly(string name)
    {
        string path = TestImages.Fixture(name);

        var image = TestImages.Decode(path);

        byte[] rgba = name.Contains("16", StringComparison.Ordinal)
            ? TestImages.HighBytes(TestImages.Ffmpeg(path, "rgba64be"))
            : TestImages.Ffmpeg(path, "rgba");
        Assert.Equal(TestImages.OverWhite(rgba), image.Pixels);
    }

    [Fact]
    public void Decode_EverySharedPng_EqualsFfmpegExactly()
    {
        var files = Directory.GetFiles(TestImages.FacesDir, "*.png");
        Assert.NotEmpty(files);
        foreach (string path in files)
        {
            var image = TestImages.Decode(path);
            Assert.True(TestImages.OverWhite(TestImages.Ffmpeg(path, "rgba")).AsSpan().SequenceEqual(image.Pixels), Path.GetFileName(path));
        }
    }

    [Fact]
    public void Decode_Rgba32BitPhoto_CompositesTransparencyOverWhite()
    {
        string path = TestImages.Face("rgba-32bit.png");

        var image = TestImages.Decode(path);

        byte[] rgba = TestImages.Ffmpeg(path, "rgba");
        Assert.Equal(TestImages.OverWhite(rgba), image.Pixels);
        Assert.Equal(626 * 1200 * 3, image.Pixels.Length);
    }

    [Fact]
    public void ReadInfo_InterlacedPng_ReportsHeader()
    {
        var info = ImageDecoder.ReadInfo(TestImages.FixtureBytes("png-rgba16-interlaced.png"));

        Assert.Equal(ImageFormat.Png, info.Format);
        Assert.Equal((37, 29), (info.Width, info.Height));
        Assert.Equal((4, 16), (info.Components, info.BitDepth));
        Assert.True(info.Progressive);
    }

    private static PngBuilder Build(int colorType, int depth, bool interlaced, int width, int height)
    {
        int channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };
        int paletteSize = colorType == 3 ? Math.Min(1 << depth, 200) : 0;
        byte[]? palette = null;
        byte[]? trns = null;
        if (colorType == 3)
        {
            var rng = new Random(depth);
            palette = new byte[paletteSize * 3];
            rng.NextBytes(palette);
            trns = new byte[Math.Max(1, paletteSize / 2)]; // shorter than the palette: the rest stays opaque
            rng.NextBytes(trns);
        }

        return new PngBuilder
        {
            Width = width, Height = height, ColorType = colorType, Depth = depth, Interlaced = interlaced,
            Samples = PngBuilder.RandomSamples(width, height, channels, depth, (colorType * 100) + depth, paletteSize),
            Palette = palette, Transparency = trns,
        };
    }
}

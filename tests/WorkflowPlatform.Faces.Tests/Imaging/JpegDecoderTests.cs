using Xunit;
using WorkflowPlatform.Faces.Imaging;

namespace WorkflowPlatform.Faces.Tests.Imaging;

public class JpegDecoderTests
{
    // ffmpeg's MJPEG decoder uses its own IDCT and swscale's chroma upsampling, libjpeg (and this decoder,
    // and browsers) the "fancy" triangle filter: strong chroma edges differ by up to ~60 levels while the
    // mean stays well below 1.5 (measured 0.02–1.32 over the 34 shared JPEGs).
    private const double MaxMeanVsFfmpeg = 1.5;
    private const int MaxPixelVsFfmpeg = 64;

    public static TheoryData<string> Photos => new()
    {
        "obama-240p.jpg", "obama-480p.jpg", "obama-720p.jpg", "obama-1080p.jpg", "biden.jpg",
    };

    [Theory]
    [MemberData(nameof(Photos))]
    public void Decode_RealPhoto_MatchesFfmpegReference(string name)
    {
        string path = TestImages.Face(name);

        var image = TestImages.Decode(path);
        byte[] reference = TestImages.Ffmpeg(path, "rgb24");

        var (mean, max) = TestImages.Diff(image.Pixels, reference);
        Assert.True(mean < MaxMeanVsFfmpeg, $"{name}: mean abs diff {mean:F3}");
        Assert.True(max <= MaxPixelVsFfmpeg, $"{name}: max abs diff {max}");
    }

    [Fact]
    public void Decode_EverySharedJpeg_MatchesFfmpegReference()
    {
        var files = Directory.GetFiles(TestImages.FacesDir, "*.jpg");
        Assert.NotEmpty(files);
        foreach (string path in files)
        {
            var image = TestImages.Decode(path);
            var (mean, max) = TestImages.Diff(image.Pixels, TestImages.Ffmpeg(path, "rgb24"));
            Assert.True(mean < MaxMeanVsFfmpeg && max <= MaxPixelVsFfmpeg, $"{Path.GetFileName(path)}: mean {mean:F3}, max {max}");
        }
    }

    [Theory]
    [InlineData("baseline-444.jpg")]
    [InlineData("baseline-422.jpg")]
    [InlineData("baseline-420.jpg")]
    [InlineData("baseline-440.jpg")]
    [InlineData("baseline-411.jpg")]
    [InlineData("baseline-grey.jpg")]
    [InlineData("baseline-rgb.jpg")]
    [InlineData("optimized-420.jpg")]
    [InlineData("progressive-420.jpg")]
    [InlineData("progressive-444.jpg")]
    [InlineData("progressive-grey.jpg")]
    [InlineData("restart-rows-420.jpg")]
    [InlineData("restart-blocks-444.jpg")]
    [InlineData("restart-progressive-420.jpg")]
    [InlineData("tiny-420.jpg")]
    [InlineData("odd-422.jpg")]
    [InlineData("odd-progressive-420.jpg")]
    [InlineData("exif-6-le.jpg")]
    [InlineData("exif-8-be.jpg")]
    public void Decode_SyntheticVariant_MatchesLibjpegReference(string name)
    {
        // References are djpeg (libjpeg-turbo, islow IDCT, fancy upsampling) decodes committed beside the
        // files (ImageMagick -auto-orient on libjpeg for the EXIF ones); only IDCT rounding differs, so the bound is tight.
        var image = ImageDecoder.Decode(TestImages.FixtureBytes(name));
        var (w, h, reference) = TestImages.ReadPnm(TestImages.Fixture(name.Replace(".jpg", ".ref.ppm", StringComparison.Ordinal)));

        Assert.Equal((w, h), (image.Width, image.Height));
        var (mean, max) = TestImages.Diff(image.Pixels, reference);
        Assert.True(mean < 0.1, $"{name}: mean abs diff {mean:F3}");
        Assert.True(max <= 4, $"{name}: max abs diff {max}");
    }

    [Theory]
    [InlineData("progressive-420.jpg", true)]
    [InlineData("baseline-422.jpg", false)]
    public void ReadInfo_Jpeg_ReportsHeaderWithoutDecoding(string name, bool progressive)
    {
        var info = ImageDecoder.ReadInfo(TestImages.FixtureBytes(name));

        Assert.Equal(ImageFormat.Jpeg, info.Format);
        Assert.Equal((83, 61), (info.Width, info.Height));
        Assert.Equal(3, info.Components);
        Assert.Equal(progressive, info.Progressive);
        Assert.Equal(1, info.Orientation);
    }

    [Fact]
    public void Decode_GreyJpeg_HasEqualChannels()
    {
        var image = ImageDecoder.Decode(TestImages.FixtureBytes("progressive-grey.jpg"));

        for (int i = 0; i < image.Pixels.Length; i += 3)
        {
            Assert.Equal(image.Pixels[i], image.Pixels[i + 1]);
            Assert.Equal(image.Pixels[i], image.Pixels[i + 2]);
        }
    }

    [Fact]
    public void Decode_CmykJpeg_IsUnsupported()
    {
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(TestImages.FixtureBytes("cmyk.jpg")));
        Assert.Equal(ImageDecodeException.Unsupported, e.Code);
        Assert.Contains("CMYK", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_ArithmeticCodedJpeg_IsUnsupported()
    {
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(TestImages.FixtureBytes("arithmetic.jpg")));
        Assert.Equal(ImageDecodeException.Unsupported, e.Code);
        Assert.Contains("Arithmetic", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_TwelveBitPrecision_IsUnsupported()
    {
        byte[] data = TestImages.FixtureBytes("baseline-420.jpg");
        int sof = JpegBytes.FindMarker(data, 0xC0);
        data[sof + 4] = 12; // sample precision

        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(data));
        Assert.Equal(ImageDecodeException.Unsupported, e.Code);
    }

    [Fact]
    public void Decode_LosslessFrame_IsUnsupported()
    {
        byte[] data = TestImages.FixtureBytes("baseline-420.jpg");
        data[JpegBytes.FindMarker(data, 0xC0) + 1] = 0xC3;

        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(data));
        Assert.Equal(ImageDecodeException.Unsupported, e.Code);
        Assert.Contains("Lossless", e.Message, StringComparison.Ordinal);
    }
}

/// <summary>Small helpers to find and patch JPEG marker segments in test data.</summary>
internal static class JpegBytes
{
    /// <summary>Index of the 0xFF byte of the first <paramref name="marker"/> segment before the scan data.</summary>
    public static int FindMarker(byte[] data, byte marker)
    {
        int p = 2;
        while (p + 4 <= data.Length)
        {
            Assert.Equal(0xFF, data[p]);
            if (data[p + 1] == marker)
                return p;
            Assert.NotEqual(0xDA, data[p + 1]);
            p += 2 + ((data[p + 2] << 8) | data[p + 3]);
        }

        throw new InvalidOperationException($"marker {marker:X2} not found");
    }

    /// <summary>Inserts an APP1 Exif segment holding only the orientation tag right after SOI.</summary>
    public static byte[] WithOrientation(byte[] jpeg, int orientation, bool littleEndian)
    {
        var tiff = new List<byte>();
        void U16(int v)
        {
            if (littleEndian)
                tiff.AddRange([(byte)v, (byte)(v >> 8)]);
            else
                tiff.AddRange([(byte)(v >> 8), (byte)v]);
        }

        void U32(int v)
        {
            if (littleEndian)
                tiff.AddRange([(byte)v, (byte)(v >> 8), (byte)(v >> 16), (byte)(v >> 24)]);
            else
                tiff.AddRange([(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v]);
        }

        tiff.AddRange(littleEndian ? "II"u8.ToArray() : "MM"u8.ToArray());
        U16(42);
        U32(8);
        U16(2); // two entries: an unrelated tag first, so the reader has to walk the IFD
        U16(0x010F); // Make, ASCII, 4 bytes inline
        U16(2);
        U32(4);
        tiff.AddRange("ACME"u8.ToArray());
        U16(0x0112);
        U16(3);
        U32(1);
        U16(orientation);
        U16(0);
        U32(0);
        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        int len = payload.Length + 2;
        return [0xFF, 0xD8, 0xFF, 0xE1, (byte)(len >> 8), (byte)len, .. payload, .. jpeg.AsSpan(2)];
    }
}

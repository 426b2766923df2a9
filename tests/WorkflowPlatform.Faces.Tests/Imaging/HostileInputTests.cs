using Xunit;
using System.Buffers.Binary;
using System.IO.Compression;
using WorkflowPlatform.Faces.Imaging;

namespace WorkflowPlatform.Faces.Tests.Imaging;

public class HostileInputTests
{
    [Theory]
    [InlineData("baseline-420.jpg")]
    [InlineData("progressive-420.jpg")]
    [InlineData("restart-blocks-444.jpg")]
    [InlineData("png-rgb8.png")]
    [InlineData("png-palette4-interlaced.png")]
    public void Decode_EveryTruncation_IsInvalid(string name)
    {
        byte[] data = TestImages.FixtureBytes(name);

        for (int len = 0; len < data.Length; len++)
        {
            var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(data.AsSpan(0, len)));
            Assert.True(e.Code == ImageDecodeException.Invalid, $"{name} cut at {len}: {e.Code} {e.Message}");
            Assert.Null(e.InnerException);
        }
    }

    [Fact]
    public void Decode_HugeJpegHeader_IsTooLargeBeforeAllocating()
    {
        byte[] data = JpegHeader(50_000, 50_000);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(data));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(ImageDecodeException.TooLarge, e.Code);
        Assert.True(allocated < 256 * 1024, $"allocated {allocated} bytes before rejecting");
    }

    [Fact]
    public void Decode_HugePngHeader_IsTooLargeBeforeAllocating()
    {
        byte[] data = PngHeaderOnly(50_000, 50_000, colorType: 6, depth: 16);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(data));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(ImageDecodeException.TooLarge, e.Code);
        Assert.True(allocated < 256 * 1024, $"allocated {allocated} bytes before rejecting");
    }

    [Fact]
    public void Decode_ConfiguredPixelLimit_IsEnforced()
    {
        var limits = new DecodeLimits { MaxPixels = 83 * 61 - 1 };

        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(TestImages.FixtureBytes("baseline-420.jpg"), limits));

        Assert.Equal(ImageDecodeException.TooLarge, e.Code);
    }

    [Fact]
    public void Decode_InputAboveByteLimit_IsTooLarge()
    {
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(new byte[1001], new DecodeLimits { MaxBytes = 1000 }));

        Assert.Equal(ImageDecodeException.TooLarge, e.Code);
    }

    [Fact]
    public void Decode_ProgressiveWithMoreScansThanAllowed_IsTooLarge()
    {
        var e = Assert.Throws<ImageDecodeException>(() =>
            ImageDecoder.Decode(TestImages.FixtureBytes("progressive-420.jpg"), new DecodeLimits { MaxScans = 3 }));

        Assert.Equal(ImageDecodeException.TooLarge, e.Code);
    }

    [Fact]
    public void Decode_ProgressiveScanRepeatedManyTimes_IsTooLargeInsteadOfSlow()
    {
        // Every copy of the last refinement scan makes the decoder walk the whole frame again.
        byte[] data = TestImages.FixtureBytes("progressive-444.jpg");
        int lastSos = -1;
        for (int i = 0; i + 1 < data.Length; i++)
        {
            if (data[i] == 0xFF && data[i + 1] == 0xDA)
                lastSos = i;
        }

        var scan = data.AsSpan(lastSos, data.Length - 2 - lastSos).ToArray();
        var hostile = new List<byte>(data.AsSpan(0, data.Length - 2).ToArray());
        for (int i = 0; i < 100; i++)
            hostile.AddRange(scan);
        hostile.AddRange([0xFF, 0xD9]);

        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(hostile.ToArray()));

        Assert.Equal(ImageDecodeException.TooLarge, e.Code);
        Assert.Contains("passes", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(10, 0)]
    public void Decode_ZeroDimensionJpeg_IsRejected(int width, int height)
    {
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(JpegHeader(width, height)));

        Assert.NotEqual(ImageDecodeException.TooLarge, e.Code);
    }

    [Fact]
    public void Decode_ZeroDimensionPng_IsInvalid()
    {
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(PngHeaderOnly(0, 5, 2, 8)));

        Assert.Equal(ImageDecodeException.Invalid, e.Code);
    }

    [Fact]
    public void Decode_OverSubscribedHuffmanTable_IsInvalid()
    {
        byte[] data = TestImages.FixtureBytes("baseline-444.jpg");
        int dht = JpegBytes.FindMarker(data, 0xC4);
        data[dht + 5] = 3; // three 1-bit codes cannot exist

        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(data));

        Assert.Equal(ImageDecodeException.Invalid, e.Code);
        Assert.Contains("Huffman", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_ScanBeforeFrame_IsInvalid()
    {
        byte[] data = [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x12, 0x34, 0xFF, 0xD9];

        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(data));

        Assert.Equal(ImageDecodeException.Invalid, e.Code);
    }

    [Fact]
    public void Decode_EntropyDataReplacedByGarbageMarkers_IsInvalidWithoutHanging()
    {
        byte[] data = TestImages.FixtureBytes("baseline-420.jpg");
        int sos = JpegBytes.FindMarker(data, 0xDA);
        int start = sos + 2 + ((data[sos + 2] << 8) | data[sos + 3]);
        for (int i = start; i < data.Length - 2; i += 2)
        {
            data[i] = 0xFF;
            data[i + 1] = 0xD3; // a stream of stray RST markers
        }

        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(data));

        Assert.Equal(ImageDecodeException.Invalid, e.Code);
    }

    [Fact]
    public void Decode_SegmentLengthPastEnd_IsInvalid()
    {
        byte[] data = TestImages.FixtureBytes("baseline-420.jpg");
        int dqt = JpegBytes.FindMarker(data, 0xDB);
        data[dqt + 2] = 0xFF;
        data[dqt + 3] = 0xFF;

        Assert.Equal(ImageDecodeException.Invalid, Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(data)).Code);
    }

    [Theory]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0 }, ImageDecodeException.Unsupported)]
    [InlineData(new byte[] { 0x42, 0x4D, 0, 0, 0, 0 }, ImageDecodeException.Unsupported)]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, ImageDecodeException.Invalid)]
    [InlineData(new byte[] { }, ImageDecodeException.Invalid)]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF }, ImageDecodeException.Invalid)]
    public void Decode_NotJpegOrPng_ReportsCode(byte[] data, string code)
    {
        Assert.Equal(code, Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(data)).Code);
    }

    [Fact]
    public void Decode_PngWithBadCrc_IsInvalid()
    {
        byte[] data = TestImages.FixtureBytes("png-rgb8.png");
        data[20] ^= 0x01; // inside IHDR's height field, CRC left as is

        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(data));

        Assert.Equal(ImageDecodeException.Invalid, e.Code);
        Assert.Contains("CRC", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_PngWithUnknownFilter_IsInvalid()
    {
        var png = new PngBuilder { Width = 4, Height = 4, ColorType = 0, Depth = 8, Samples = new ushort[16], Filter = n => n == 2 ? 9 : 0 };

        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(png.Encode()));

        Assert.Equal(ImageDecodeException.Invalid, e.Code);
    }

    [Fact]
    public void Decode_PngWithGarbageZlib_IsInvalid()
    {
        byte[] data = Png(4, 4, 2, 8, [0x78, 0x9C, 0xFF, 0xFF, 0xFF, 0x00, 0x13, 0x37]);

        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(data));

        Assert.Equal(ImageDecodeException.Invalid, e.Code);
        Assert.Null(e.InnerException);
    }

    [Fact]
    public void Decode_PngZlibWithPresetDictionary_IsInvalid()
    {
        // Regression: found by the fuzzer (seed 2027) — zlib's "need dictionary" surfaced as ZLibException.
        byte[] deflated = Deflate(new byte[4 * 5]);
        byte[] idat = [0x78, 0xBB, 0x00, 0x00, 0x00, 0x01, .. deflated.AsSpan(2)];

        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(Png(4, 4, 0, 8, idat)));

        Assert.Equal(ImageDecodeException.Invalid, e.Code);
        Assert.Null(e.InnerException);
    }

    [Fact]
    public void Decode_PngWithTooLittleImageData_IsInvalid()
    {
        byte[] data = Png(64, 64, 2, 8, Deflate(new byte[100]));

        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(data));

        Assert.Equal(ImageDecodeException.Invalid, e.Code);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_PngDeflateBomb_InflatesOnlyWhatTheHeaderDeclares()
    {
        // 64 MiB of zeros compress to ~64 KiB; the header declares 100×100 grey, i.e. 10 100 bytes of rows.
        byte[] data = Png(100, 100, 0, 8, Deflate(new byte[64 * 1024 * 1024]));

        long before = GC.GetAllocatedBytesForCurrentThread();
        var image = ImageDecoder.Decode(data);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal((100, 100), (image.Width, image.Height));
        Assert.True(allocated < 4 * 1024 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Decode_PngWithoutIend_IsInvalid()
    {
        byte[] data = TestImages.FixtureBytes("png-grey8.png");

        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(data.AsSpan(0, data.Length - 12)));

        Assert.Equal(ImageDecodeException.Invalid, e.Code);
    }

    [Fact]
    public void Decode_PaletteIndexBeyondPalette_DecodesAsBlack()
    {
        var png = new PngBuilder { Width = 2, Height = 1, ColorType = 3, Depth = 8, Samples = [0, 5], Palette = [10, 20, 30] };

        var image = ImageDecoder.Decode(png.Encode());

        Assert.Equal([10, 20, 30, 0, 0, 0], image.Pixels);
    }

    [Fact]
    public void Decode_RandomBytesAfterJpegSignature_NeverThrowsAnythingElse()
    {
        var rng = new Random(5);
        for (int i = 0; i < 2000; i++)
        {
            var data = new byte[rng.Next(3, 400)];
            rng.NextBytes(data);
            data[0] = 0xFF;
            data[1] = 0xD8;
            data[2] = 0xFF;
            var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(data));
            Assert.Null(e.InnerException);
        }
    }

    private static byte[] JpegHeader(int width, int height)
    {
        // SOI, SOF0 (3 components, 4:2:0) and EOI: enough for the decoder to look at the dimensions.
        return
        [
            0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 0x03,
            0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xFF, 0xD9,
        ];
    }

    private static byte[] PngHeaderOnly(int width, int height, int colorType, int depth) => Png(width, height, colorType, depth, Deflate([]));

    private static byte[] Png(int width, int height, int colorType, int depth, byte[] idat)
    {
        var s = new MemoryStream();
        s.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = (byte)depth;
        ihdr[9] = (byte)colorType;
        PngBuilder.WriteChunk(s, "IHDR", ihdr);
        PngBuilder.WriteChunk(s, "IDAT", idat);
        PngBuilder.WriteChunk(s, "IEND", []);
        return s.ToArray();
    }

    private static byte[] Deflate(byte[] raw)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.SmallestSize, leaveOpen: true))
            z.Write(raw);
        return ms.ToArray();
    }
}

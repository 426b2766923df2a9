using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace WorkflowPlatform.Faces.Imaging.Png;

/// <summary>
/// PNG decoder: every colour type and bit depth, PLTE/tRNS, Adam7, all five filters, CRC-checked chunks.
/// Image data is inflated row by row with <see cref="ZLibStream"/>, so no more than the exact size the
/// header implies is ever inflated, and memory stays at two rows plus the output. Alpha (and tRNS
/// transparency) is composited over white.
/// </summary>
internal sealed class PngDecoder
{
    public static ReadOnlySpan<byte> Signature => [137, 80, 78, 71, 13, 10, 26, 10];

    private static readonly (int X, int Y, int Dx, int Dy)[] Adam7 =
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

    private readonly DecodeLimits limits;
    private int width;
    private int height;
    private int depth;
    private int colorType;
    private bool interlaced;
    private byte[] palette = []; // RGBA per entry
    private int paletteCount;
    private bool hasTrnsKey;
    private int trnsGrey;
    private int trnsR;
    private int trnsG;
    private int trnsB;

    public PngDecoder(DecodeLimits limits)
    {
        this.limits = limits;
    }

    public int Orientation { get; private set; } = 1;

    private int Channels => colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };

    public static ImageInfo ReadInfo(ReadOnlySpan<byte> data, DecodeLimits limits)
    {
        var d = new PngDecoder(limits);
        if (data.Length < 8 + 25 || !data[..8].SequenceEqual(Signature))
            throw ImageDecodeException.Corrupt("PNG header is truncated.");
        var chunk = ReadChunk(data, 8, out _, out uint type);
        if (type != 0x49484452)
            throw ImageDecodeException.Corrupt("PNG does not start with an IHDR chunk.");
        d.ParseHeader(chunk);
        int orientation = 1;
        int pos = 8 + 25;
        // eXIf must precede IDAT, so the walk stops at the image data.
        while (pos + 12 <= data.Length)
        {
            var c = ReadChunk(data, pos, out int next, out uint t);
            if (t is 0x49444154 or 0x49454E44)
                break;
            if (t == 0x65584966 && Exif.ReadOrientationFromTiff(c) is > 0 and var o)
                orientation = o;
            pos = next;
        }

        return new ImageInfo(ImageFormat.Png, d.width, d.height, orientation, d.Channels, d.depth, d.interlaced);
    }

    public RgbImage Decode(ReadOnlySpan<byte> data)
    {
        int pos = 8;
        bool headerSeen = false;
        bool ended = false;
        int idatTotal = 0;
        var idat = new List<(int Offset, int Length)>();
        while (!ended)
        {
            var chunk = ReadChunk(data, pos, out int next, out uint type);
            if (!headerSeen && type != 0x49484452)
                throw ImageDecodeException.Corrupt("PNG does not start with an IHDR chunk.");
            switch (type)
            {
                case 0x49484452: // IHDR
                    if (headerSeen)
                        throw ImageDecodeException.Corrupt("PNG has more than one IHDR chunk.");
                    ParseHeader(chunk);
                    headerSeen = true;
                    break;
                case 0x504C5445: // PLTE
                    ParsePalette(chunk);
                    break;
                case 0x74524E53: // tRNS
                    ParseTransparency(chunk);
                    break;
                case 0x49444154: // IDAT
                    idat.Add((pos + 8, chunk.Length));
                    idatTotal += chunk.Length;
                    break;
                case 0x49454E44: // IEND
                    ended = true;
                    break;
                case 0x65584966: // eXIf, honoured only before the image data as the specification places it
                    {
                        int o = idat.Count == 0 ? Exif.ReadOrientationFromTiff(chunk) : 0;
                        if (o != 0)
                            Orientation = o;
                        break;
                    }

                default:
                    if ((type & 0x20000000) == 0)
                        throw ImageDecodeException.NotSupported($"PNG has an unknown critical chunk '{TypeName(type)}'.");
                    break;
            }

            pos = next;
        }

        if (idat.Count == 0)
            throw ImageDecodeException.Corrupt("PNG has no IDAT chunk.");
        if (colorType == 3 && paletteCount == 0)
            throw ImageDecodeException.Corrupt("Palette PNG has no PLTE chunk.");

        byte[] compressed = ArrayPool<byte>.Shared.Rent(idatTotal);
        try
        {
            int off = 0;
            foreach (var (o, l) in idat)
            {
                data.Slice(o, l).CopyTo(compressed.AsSpan(off));
                off += l;
            }

            using var ms = new MemoryStream(compressed, 0, idatTotal, writable: false);
            using var z = new ZLibStream(ms, CompressionMode.Decompress);
            return DecodePixels(new RowReader(z, ExpectedImageBytes()));
        }
        catch (InvalidDataException)
        {
            throw ImageDecodeException.Corrupt("PNG image data is not a valid zlib stream.");
        }
        catch (IOException)
        {
            // ZLibException (an IOException) for streams zlib rejects outright, e.g. a preset dictionary
            // (FDICT) that PNG forbids; the source is a MemoryStream, so no other I/O can fail here.
            throw ImageDecodeException.Corrupt("PNG image data is a zlib stream this decoder cannot inflate (preset dictionary or corrupt header).");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(compressed);
        }
    }

    private static string TypeName(uint type) =>
        new([(char)(type >> 24), (char)((type >> 16) & 0xFF), (char)((type >> 8) & 0xFF), (char)(type & 0xFF)]);

    private static ReadOnlySpan<byte> ReadChunk(ReadOnlySpan<byte> data, int pos, out int next, out uint type)
    {
        if (pos + 12 > data.Length)
            throw ImageDecodeException.Corrupt("PNG is truncated (chunk header past the end of data).");
        uint len = BinaryPrimitives.ReadUInt32BigEndian(data[pos..]);
        if (len > int.MaxValue || len > (uint)(data.Length - pos - 12))
            throw ImageDecodeException.Corrupt("PNG is truncated (chunk length past the end of data).");
        type = BinaryPrimitives.ReadUInt32BigEndian(data[(pos + 4)..]);
        var typeAndData = data.Slice(pos + 4, 4 + (int)len);
        uint crc = BinaryPrimitives.ReadUInt32BigEndian(data[(pos + 8 + (int)len)..]);
        if (Crc32.Compute(typeAndData) != crc)
            throw ImageDecodeException.Corrupt($"PNG chunk '{TypeName(type)}' fails its CRC check.");
        next = pos + 12 + (int)len;
        return typeAndData[4..];
    }

    private void ParseHeader(ReadOnlySpan<byte> c)
    {
        if (c.Length != 13)
            throw ImageDecodeException.Corrupt("PNG IHDR has the wrong length.");
        uint w = BinaryPrimitives.ReadUInt32BigEndian(c);
        uint h = BinaryPrimitives.ReadUInt32BigEndian(c[4..]);
        if (w == 0 || h == 0 || w > int.MaxValue || h > int.MaxValue)
            throw ImageDecodeException.Corrupt($"PNG dimensions {w}x{h} are invalid.");
        depth = c[8];
        colorType = c[9];
        bool ok = colorType switch
        {
            0 => depth is 1 or 2 or 4 or 8 or 16,
            3 => depth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => depth is 8 or 16,
            _ => false,
        };
        if (!ok)
            throw ImageDecodeException.Corrupt($"PNG colour type {colorType} with bit depth {depth} is invalid.");
        if (c[10] != 0 || c[11] != 0 || c[12] > 1)
            throw ImageDecodeException.Corrupt("PNG compression, filter or interlace method is invalid.");
        if ((long)w * h > limits.MaxPixels)
            throw ImageDecodeException.Large($"PNG is {w}x{h} = {(long)w * h} pixels, above the limit of {limits.MaxPixels}.");
        width = (int)w;
        height = (int)h;
        interlaced = c[12] == 1;
    }

    private void ParsePalette(ReadOnlySpan<byte> c)
    {
        if (c.Length % 3 != 0 || c.Length == 0 || c.Length > 768)
            throw ImageDecodeException.Corrupt("PNG PLTE chunk has an invalid length.");
        paletteCount = c.Length / 3;
        palette = new byte[256 * 4]; // entries past paletteCount decode as opaque black, as browsers show them
        for (int i = 0; i < 256; i++)
            palette[(i * 4) + 3] = 255;
        for (int i = 0; i < paletteCount; i++)
        {
            palette[i * 4] = c[i * 3];
            palette[(i * 4) + 1] = c[(i * 3) + 1];
            palette[(i * 4) + 2] = c[(i * 3) + 2];
        }
    }

    private void ParseTransparency(ReadOnlySpan<byte> c)
    {
        switch (colorType)
        {
            case 3:
                if (paletteCount == 0)
                    throw ImageDecodeException.Corrupt("PNG tRNS chunk comes before PLTE.");
                for (int i = 0; i < Math.Min(c.Length, paletteCount); i++)
                    palette[(i * 4) + 3] = c[i];
                break;
            case 0:
                if (c.Length < 2)
                    throw ImageDecodeException.Corrupt("PNG tRNS chunk is too short.");
                hasTrnsKey = true;
                trnsGrey = BinaryPrimitives.ReadUInt16BigEndian(c);
                break;
            case 2:
                if (c.Length < 6)
                    throw ImageDecodeException.Corrupt("PNG tRNS chunk is too short.");
                hasTrnsKey = true;
                trnsR = BinaryPrimitives.ReadUInt16BigEndian(c);
                trnsG = BinaryPrimitives.ReadUInt16BigEndian(c[2..]);
                trnsB = BinaryPrimitives.ReadUInt16BigEndian(c[4..]);
                break;
            default:
                break; // tRNS is not allowed with an alpha channel; ignored like libpng does
        }
    }

    /// <summary>Filtered bytes the header implies: every pass's rows, each with its filter byte.</summary>
    private long ExpectedImageBytes()
    {
        long bits = Channels * depth;
        if (!interlaced)
            return height * ((((width * bits) + 7) / 8) + 1);
        long total = 0;
        foreach (var (x0, y0, dx, dy) in Adam7)
        {
            long pw = width > x0 ? (width - x0 + dx - 1) / dx : 0;
            long ph = height > y0 ? (height - y0 + dy - 1) / dy : 0;
            if (pw > 0 && ph > 0)
                total += ph * ((((pw * bits) + 7) / 8) + 1);
        }

        return total;
    }

    /// <summary>
    /// Hands out rows from the inflater through a 64 KiB staging buffer (few stream calls) and never asks
    /// the inflater for more than the header-implied total, so a deflate bomb costs no more than a valid image.
    /// </summary>
    private sealed class RowReader(Stream z, long total) : IDisposable
    {
        private readonly byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        private long remaining = total;
        private int start;
        private int end;

        public void Read(Span<byte> row)
        {
            while (row.Length > 0)
            {
                if (start == end)
                {
                    int want = (int)Math.Min(buffer.Length, remaining);
                    int got = want == 0 ? 0 : z.ReadAtLeast(buffer.AsSpan(0, want), want, throwOnEndOfStream: false);
                    if (got == 0)
                        throw ImageDecodeException.Corrupt("PNG image data is truncated.");
                    remaining -= got;
                    start = 0;
                    end = got;
                }

                int n = Math.Min(row.Length, end - start);
                buffer.AsSpan(start, n).CopyTo(row);
                start += n;
                row = row[n..];
            }
        }

        public void Dispose() => ArrayPool<byte>.Shared.Return(buffer);
    }

    private RgbImage DecodePixels(RowReader z)
    {
        using var reader = z;
        var pixels = new byte[checked(width * height * 3)];
        int bitsPerPixel = Channels * depth;
        int bpp = Math.Max(1, bitsPerPixel / 8);
        long maxRow = (((long)width * bitsPerPixel) + 7) / 8;
        if (maxRow + 1 > Array.MaxLength)
            throw ImageDecodeException.Large("PNG row is too large.");
        byte[] cur = ArrayPool<byte>.Shared.Rent((int)maxRow + 1);
        byte[] prev = ArrayPool<byte>.Shared.Rent((int)maxRow + 1);
        try
        {
            if (!interlaced)
            {
                DecodePass(z, 0, 0, 1, 1, width, height, bitsPerPixel, bpp, cur, prev, pixels);
            }
            else
            {
                foreach (var (x0, y0, dx, dy) in Adam7)
                {
                    int pw = width > x0 ? (width - x0 + dx - 1) / dx : 0;
                    int ph = height > y0 ? (height - y0 + dy - 1) / dy : 0;
                    if (pw == 0 || ph == 0)
                        continue;
                    DecodePass(z, x0, y0, dx, dy, pw, ph, bitsPerPixel, bpp, cur, prev, pixels);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(cur);
            ArrayPool<byte>.Shared.Return(prev);
        }

        return new RgbImage(width, height, pixels);
    }

    private void DecodePass(RowReader z, int x0, int y0, int dx, int dy, int pw, int ph, int bitsPerPixel, int bpp,
        byte[] curBuf, byte[] prevBuf, byte[] pixels)
    {
        int rowBytes = (int)((((long)pw * bitsPerPixel) + 7) / 8);
        var prev = prevBuf.AsSpan(0, rowBytes + 1);
        prev.Clear();
        var cur = curBuf.AsSpan(0, rowBytes + 1);
        for (int j = 0; j < ph; j++)
        {
            z.Read(cur);
            Unfilter(cur[0], cur[1..], prev[1..], bpp);
            int y = y0 + (j * dy);
            ConvertRow(cur[1..], pw, pixels.AsSpan(((y * width) + x0) * 3), dx * 3);
            var t = cur;
            cur = prev;
            prev = t;
        }
    }

    private static void Unfilter(byte filter, Span<byte> row, ReadOnlySpan<byte> prior, int bpp)
    {
        int n = row.Length;
        switch (filter)
        {
            case 0:
                break;
            case 1:
                for (int i = bpp; i < n; i++)
                    row[i] += row[i - bpp];
                break;
            case 2:
                System.Numerics.Tensors.TensorPrimitives.Add(row, prior, row);
                break;
            case 3:
                for (int i = 0; i < bpp && i < n; i++)
                    row[i] += (byte)(prior[i] >> 1);
                for (int i = bpp; i < n; i++)
                    row[i] += (byte)((row[i - bpp] + prior[i]) >> 1);
                break;
            case 4:
                UnfilterPaeth(row, prior, bpp);

                break;
            default:
                throw ImageDecodeException.Corrupt($"PNG row uses unknown filter type {filter}.");
        }
    }

    private static void UnfilterPaeth(Span<byte> row, ReadOnlySpan<byte> prior, int bpp)
    {
        int n = row.Length;
        if (prior.Length < n)
            throw new ArgumentException("Prior row is shorter than the row.");
        ref byte r = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(row);
        ref byte p = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(prior);
        int start = (bpp == 3 || bpp == 4) && Vector128.IsHardwareAccelerated ? PaethVector(ref r, ref p, n, bpp) : 0;
        if (start == 0)
        {
            // first pixel: no left neighbour, so the predictor is the byte above
            for (int i = 0; i < bpp && i < n; i++)
                Unsafe.Add(ref r, i) += Unsafe.Add(ref p, i);
            start = bpp;
        }

        for (int i = start; i < n; i++)
        {
            int a = Unsafe.Add(ref r, i - bpp);
            int b = Unsafe.Add(ref p, i);
            int c = Unsafe.Add(ref p, i - bpp);
            // pa = |b - c|, pb = |a - c|, pc = |a + b - 2c|: the PNG predictor without forming p
            int pa = Math.Abs(b - c);
            int pb = Math.Abs(a - c);
            int pc = Math.Abs(a + b - c - c);
            int pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
            Unsafe.Add(ref r, i) += (byte)pred;
        }
    }

    /// <summary>
    /// Paeth for 3- and 4-byte pixels, one pixel per step with the channels in 16-bit lanes (the predictor
    /// chains from pixel to pixel, so the parallelism is across channels). Returns where the scalar tail starts.
    /// </summary>
    private static int PaethVector(ref byte r, ref byte p, int n, int bpp)
    {
        // Reads and writes 4 bytes per pixel, so stop while 4 bytes remain inside the row; for 3-byte pixels
        // the fourth byte written is the next pixel's still-filtered byte, restored from the read value.
        var a = Vector128<short>.Zero;
        var c = Vector128<short>.Zero;
        int i = 0;
        for (; i + 4 <= n; i += bpp)
        {
            var b = Load4(ref Unsafe.Add(ref p, i));
            var x = Load4(ref Unsafe.Add(ref r, i));
            var pa = Vector128.Abs(b - c);
            var pb = Vector128.Abs(a - c);
            var pc = Vector128.Abs(a + b - c - c);
            var useA = Vector128.LessThanOrEqual(pa, pb) & Vector128.LessThanOrEqual(pa, pc);
            var useB = Vector128.LessThanOrEqual(pb, pc);
            var pred = Vector128.ConditionalSelect(useA, a, Vector128.ConditionalSelect(useB, b, c));
            var sum = (x + pred) & Vector128.Create((short)0xFF);
            if (bpp == 3)
                sum = sum.WithElement(3, x.GetElement(3));
            uint packed = Vector128.Narrow(sum.AsUInt16(), sum.AsUInt16()).AsUInt32().ToScalar();
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref r, i), packed);
            a = sum;
            c = b;
        }

        // The first pixel has no left neighbour: a = c = 0 reproduces the "prior only" rule, as the loop did.
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<short> Load4(ref byte at) =>
        Vector128.WidenLower(Vector128.CreateScalar(Unsafe.ReadUnaligned<uint>(ref at)).AsByte()).AsInt16();

    /// <summary>Converts one unfiltered row of <paramref name="count"/> pixels to RGB, <paramref name="step"/> bytes apart.</summary>
    private void ConvertRow(ReadOnlySpan<byte> row, int count, Span<byte> dst, int step)
    {
        int d = 0;
        switch (colorType)
        {
            case 0 when depth < 8:
                {
                    int mask = (1 << depth) - 1;
                    int scale = 255 / mask;
                    for (int x = 0; x < count; x++, d += step)
                    {
                        int bit = x * depth;
                        int v = (row[bit >> 3] >> (8 - depth - (bit & 7))) & mask;
                        byte g = (byte)(v * scale);
                        if (hasTrnsKey && v == (trnsGrey & mask))
                            g = 255;
                        dst[d] = dst[d + 1] = dst[d + 2] = g;
                    }

                    break;
                }

            case 0:
                for (int x = 0; x < count; x++, d += step)
                {
                    int v = depth == 8 ? row[x] : BinaryPrimitives.ReadUInt16BigEndian(row[(x * 2)..]);
                    byte g = depth == 8 ? (byte)v : To8(v);
                    if (hasTrnsKey && v == trnsGrey)
                        g = 255;
                    dst[d] = dst[d + 1] = dst[d + 2] = g;
                }

                break;
            case 3:
                {
                    int mask = (1 << depth) - 1;
                    for (int x = 0; x < count; x++, d += step)
                    {
                        int index;
                        if (depth == 8)
                        {
                            index = row[x];
                        }
                        else
                        {
                            int bit = x * depth;
                            index = (row[bit >> 3] >> (8 - depth - (bit & 7))) & mask;
                        }

                        int p = index * 4;
                        int a = palette[p + 3];
                        dst[d] = Over(palette[p], a);
                        dst[d + 1] = Over(palette[p + 1], a);
                        dst[d + 2] = Over(palette[p + 2], a);
                    }

                    break;
                }

            case 2 when depth == 8:
                if (step == 3 && !hasTrnsKey)
                {
                    row[..(count * 3)].CopyTo(dst);
                    break;
                }

                for (int x = 0; x < count; x++, d += step)
                {
                    byte r = row[x * 3], g = row[(x * 3) + 1], b = row[(x * 3) + 2];
                    bool clear = hasTrnsKey && r == trnsR && g == trnsG && b == trnsB;
                    dst[d] = clear ? (byte)255 : r;
                    dst[d + 1] = clear ? (byte)255 : g;
                    dst[d + 2] = clear ? (byte)255 : b;
                }

                break;
            case 2:
                for (int x = 0; x < count; x++, d += step)
                {
                    int r = BinaryPrimitives.ReadUInt16BigEndian(row[(x * 6)..]);
                    int g = BinaryPrimitives.ReadUInt16BigEndian(row[((x * 6) + 2)..]);
                    int b = BinaryPrimitives.ReadUInt16BigEndian(row[((x * 6) + 4)..]);
                    bool clear = hasTrnsKey && r == trnsR && g == trnsG && b == trnsB;
                    dst[d] = clear ? (byte)255 : To8(r);
                    dst[d + 1] = clear ? (byte)255 : To8(g);
                    dst[d + 2] = clear ? (byte)255 : To8(b);
                }

                break;
            case 4:
                for (int x = 0; x < count; x++, d += step)
                {
                    int g, a;
                    if (depth == 8)
                    {
                        g = row[x * 2];
                        a = row[(x * 2) + 1];
                    }
                    else
                    {
                        g = To8(BinaryPrimitives.ReadUInt16BigEndian(row[(x * 4)..]));
                        a = To8(BinaryPrimitives.ReadUInt16BigEndian(row[((x * 4) + 2)..]));
                    }

                    dst[d] = dst[d + 1] = dst[d + 2] = Over(g, a);
                }

                break;
            case 6 when depth == 8:
                {
                    var src = row[..(count * 4)];
                    for (int x = 0, i = 0; x < count; x++, d += step, i += 4)
                    {
                        int a = src[i + 3];
                        if (a == 255)
                        {
                            dst[d] = src[i];
                            dst[d + 1] = src[i + 1];
                            dst[d + 2] = src[i + 2];
                        }
                        else
                        {
                            dst[d] = Over(src[i], a);
                            dst[d + 1] = Over(src[i + 1], a);
                            dst[d + 2] = Over(src[i + 2], a);
                        }
                    }

                    break;
                }

            default:
                for (int x = 0; x < count; x++, d += step)
                {
                    int r, g, b, a;
                    if (depth == 8)
                    {
                        int i = x * 4;
                        r = row[i];
                        g = row[i + 1];
                        b = row[i + 2];
                        a = row[i + 3];
                    }
                    else
                    {
                        var s = row[(x * 8)..];
                        r = To8(BinaryPrimitives.ReadUInt16BigEndian(s));
                        g = To8(BinaryPrimitives.ReadUInt16BigEndian(s[2..]));
                        b = To8(BinaryPrimitives.ReadUInt16BigEndian(s[4..]));
                        a = To8(BinaryPrimitives.ReadUInt16BigEndian(s[6..]));
                    }

                    dst[d] = Over(r, a);
                    dst[d + 1] = Over(g, a);
                    dst[d + 2] = Over(b, a);
                }

                break;
        }
    }

    /// <summary>
    /// 16-bit sample to 8 bits by keeping the high byte, as libpng's <c>png_set_strip_16</c> (used by browsers)
    /// and ImageMagick do; exact rounding would differ from them by one level on half the samples.
    /// </summary>
    private static byte To8(int v) => (byte)(v >> 8);

    /// <summary>Composites a colour sample with alpha over white: c·a/255 + 255·(1 − a/255), rounded.</summary>
    private static byte Over(int c, int a)
    {
        // round(x / 255) for 0 <= x <= 255 * 255 without a division
        int t = (c * a) + (255 * (255 - a)) + 128;
        return (byte)((t + (t >> 8)) >> 8);
    }
}

using System.Buffers;
using System.Buffers.Binary;

namespace WorkflowPlatform.Faces.Imaging.Jpeg;

/// <summary>
/// Baseline and progressive Huffman JPEG decoder (8-bit, 1 or 3 components, any integral sampling
/// factors, restart intervals). Coefficients are kept for the whole frame so sequential and progressive
/// scans share one path; pixels are produced once at EOI.
/// </summary>
internal sealed class JpegDecoder
{
    // Natural-order index of each zig-zag position, padded so a corrupt run past 63 lands on 63.
    private static readonly byte[] Dezigzag =
    [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
        12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
        58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
        63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63,
    ];

    private readonly DecodeLimits limits;
    private readonly HuffmanTable[] dcTables = [new(), new(), new(), new()];
    private readonly HuffmanTable[] acTables = [new(), new(), new(), new()];
    private readonly ushort[]?[] quantTables = new ushort[4][];
    private Component[] components = [];
    private int width;
    private int height;
    private int hMax;
    private int vMax;
    private int mcusX;
    private int mcusY;
    private bool frameSeen;
    private bool progressive;
    private bool jfif;
    private int adobeTransform = -1;
    private int restartInterval;
    private int scanCount;
    private int eobrun;
    private long coefficientWork;

    /// <summary>
    /// Progressive scans may revisit every coefficient; a valid file touches each about 2–4 times. A hostile
    /// one can cover the whole frame with near-free EOB runs in every scan, so the total coefficient visits
    /// are capped at this many full passes over the frame (bounds decode time by image size, not file size).
    /// </summary>
    private const int MaxCoefficientPasses = 16;

    public JpegDecoder(DecodeLimits limits)
    {
        this.limits = limits;
    }

    public int Orientation { get; private set; } = 1;

    private sealed class Component
    {
        public int Id;
        public int H;
        public int V;
        public int Tq;
        public int Width;
        public int Height;
        public int BlocksPerLine;
        public int BlocksPerColumn;
        public short[] Coeffs = [];
        public ushort[]? Quant;
        public int Pred;
        public int DcTable;
        public int AcTable;
    }

    public static ImageInfo ReadInfo(ReadOnlySpan<byte> data, DecodeLimits limits)
    {
        var d = new JpegDecoder(limits);
        d.Parse(data, infoOnly: true);
        return new ImageInfo(ImageFormat.Jpeg, d.width, d.height, d.Orientation, d.components.Length, 8, d.progressive);
    }

    public RgbImage Decode(ReadOnlySpan<byte> data)
    {
        try
        {
            Parse(data, infoOnly: false);
            return Output();
        }
        finally
        {
            ReturnCoefficients();
        }
    }

    private void ReturnCoefficients()
    {
        foreach (var c in components)
        {
            if (c.Coeffs.Length > 0)
                ArrayPool<short>.Shared.Return(c.Coeffs);
            c.Coeffs = [];
        }
    }

    private void Parse(ReadOnlySpan<byte> data, bool infoOnly)
    {
        if (data.Length < 4 || data[0] != 0xFF || data[1] != 0xD8)
            throw ImageDecodeException.Corrupt("Not a JPEG file (no SOI marker).");
        int pos = 2;
        while (true)
        {
            int marker = NextMarker(data, ref pos);
            if (marker < 0)
                throw ImageDecodeException.Corrupt(frameSeen ? "JPEG data is truncated (no EOI marker)." : "JPEG data ends before the frame header.");
            switch (marker)
            {
                case 0xD9:
                    if (!frameSeen || scanCount == 0)
                        throw ImageDecodeException.Corrupt("JPEG has no frame or no scan before EOI.");
                    return;
                case 0xC0:
                case 0xC1:
                case 0xC2:
                    ParseFrame(Segment(data, ref pos), marker == 0xC2, infoOnly);
                    if (infoOnly)
                        return;
                    break;
                case 0xC3:
                    throw ImageDecodeException.NotSupported("Lossless JPEG is not supported.");
                case 0xC5:
                case 0xC6:
                case 0xC7:
                    throw ImageDecodeException.NotSupported("Hierarchical JPEG is not supported.");
                case 0xC9:
                case 0xCA:
                case 0xCB:
                case 0xCD:
                case 0xCE:
                case 0xCF:
                case 0xCC:
                    throw ImageDecodeException.NotSupported("Arithmetic-coded JPEG is not supported.");
                case 0xC4:
                    ParseHuffman(Segment(data, ref pos));
                    break;
                case 0xDB:
                    ParseQuant(Segment(data, ref pos));
                    break;
                case 0xDD:
                    {
                        var s = Segment(data, ref pos);
                        if (s.Length < 2)
                            throw ImageDecodeException.Corrupt("JPEG DRI segment is too short.");
                        restartInterval = BinaryPrimitives.ReadUInt16BigEndian(s);
                        break;
                    }

                case 0xDA:
                    {
                        var s = Segment(data, ref pos);
                        if (infoOnly)
                            throw ImageDecodeException.Corrupt("JPEG scan before the frame header.");
                        DecodeScan(data, s, ref pos);
                        break;
                    }

                case 0xE0:
                    {
                        var s = Segment(data, ref pos);
                        if (s.Length >= 5 && s[..5].SequenceEqual("JFIF\0"u8))
                            jfif = true;
                        break;
                    }

                case 0xE1:
                    {
                        var s = Segment(data, ref pos);
                        int o = Exif.ReadOrientation(s);
                        if (o != 0 && !frameSeen)
                            Orientation = o;
                        break;
                    }

                case 0xEE:
                    {
                        var s = Segment(data, ref pos);
                        if (s.Length >= 12 && s[..5].SequenceEqual("Adobe"u8))
                            adobeTransform = s[11];
                        break;
                    }

                case 0xD8:
                    throw ImageDecodeException.Corrupt("JPEG has a second SOI marker.");
                case 0x01:
                case >= 0xD0 and <= 0xD7:
                    break; // parameterless markers (TEM, stray RSTn)
                default:
                    Segment(data, ref pos); // APPn, COM, DNL, DHP, EXP...
                    break;
            }
        }
    }

    /// <summary>Finds the next marker at or after <paramref name="pos"/>, skipping fill bytes and stray data.</summary>
    private static int NextMarker(ReadOnlySpan<byte> data, ref int pos)
    {
        int p = pos;
        while (p + 1 < data.Length)
        {
            if (data[p] == 0xFF)
            {
                byte m = data[p + 1];
                if (m != 0 && m != 0xFF)
                {
                    pos = p + 2;
                    return m;
                }
            }

            p++;
        }

        pos = data.Length;
        return -1;
    }

    private static ReadOnlySpan<byte> Segment(ReadOnlySpan<byte> data, ref int pos)
    {
        if (pos + 2 > data.Length)
            throw ImageDecodeException.Corrupt("JPEG segment is truncated.");
        int len = BinaryPrimitives.ReadUInt16BigEndian(data[pos..]);
        if (len < 2 || pos + len > data.Length)
            throw ImageDecodeException.Corrupt("JPEG segment length is invalid or runs past the end of data.");
        var s = data.Slice(pos + 2, len - 2);
        pos += len;
        return s;
    }

    private void ParseFrame(ReadOnlySpan<byte> s, bool isProgressive, bool infoOnly)
    {
        if (frameSeen)
            throw ImageDecodeException.Corrupt("JPEG has more than one frame header.");
        if (s.Length < 6)
            throw ImageDecodeException.Corrupt("JPEG frame header is too short.");
        if (s[0] != 8)
            throw ImageDecodeException.NotSupported($"JPEG sample precision {s[0]} bits is not supported (only 8).");
        height = BinaryPrimitives.ReadUInt16BigEndian(s[1..]);
        width = BinaryPrimitives.ReadUInt16BigEndian(s[3..]);
        int nc = s[5];
        if (width == 0)
            throw ImageDecodeException.Corrupt("JPEG frame width is zero.");
        if (height == 0)
            throw ImageDecodeException.NotSupported("JPEG height defined by a DNL marker is not supported.");
        if ((long)width * height > limits.MaxPixels)
            throw ImageDecodeException.Large($"JPEG is {width}x{height} = {(long)width * height} pixels, above the limit of {limits.MaxPixels}.");
        if (nc == 0 || s.Length < 6 + (3 * nc))
            throw ImageDecodeException.Corrupt("JPEG frame header component list is invalid.");
        if (nc > limits.MaxComponents)
            throw ImageDecodeException.NotSupported($"JPEG with {nc} components exceeds the limit of {limits.MaxComponents}.");
        if (nc == 4)
            throw ImageDecodeException.NotSupported("CMYK/YCCK JPEG is not supported.");
        if (nc != 1 && nc != 3)
            throw ImageDecodeException.NotSupported($"JPEG with {nc} components is not supported.");

        progressive = isProgressive;
        var comps = new Component[nc];
        hMax = 1;
        vMax = 1;
        for (int i = 0; i < nc; i++)
        {
            var c = new Component
            {
                Id = s[6 + (i * 3)],
                H = s[7 + (i * 3)] >> 4,
                V = s[7 + (i * 3)] & 15,
                Tq = s[8 + (i * 3)],
            };
            if (c.H is < 1 or > 4 || c.V is < 1 or > 4)
                throw ImageDecodeException.Corrupt("JPEG sampling factor out of range 1..4.");
            if (c.Tq > 3)
                throw ImageDecodeException.Corrupt("JPEG quantisation table selector out of range.");
            for (int j = 0; j < i; j++)
            {
                if (comps[j].Id == c.Id)
                    throw ImageDecodeException.Corrupt("JPEG frame has duplicate component ids.");
            }

            comps[i] = c;
            hMax = Math.Max(hMax, c.H);
            vMax = Math.Max(vMax, c.V);
        }

        if (nc == 1)
        {
            // A single-component frame is always non-interleaved: its sampling factors carry no meaning.
            comps[0].H = comps[0].V = hMax = vMax = 1;
        }

        foreach (var c in comps)
        {
            if (hMax % c.H != 0 || vMax % c.V != 0)
                throw ImageDecodeException.NotSupported("JPEG with non-integral sampling ratios is not supported.");
        }

        components = comps;
        frameSeen = true;
        if (infoOnly)
            return;

        mcusX = (width + (8 * hMax) - 1) / (8 * hMax);
        mcusY = (height + (8 * vMax) - 1) / (8 * vMax);
        foreach (var c in comps)
        {
            c.Width = (int)(((long)width * c.H + hMax - 1) / hMax);
            c.Height = (int)(((long)height * c.V + vMax - 1) / vMax);
            c.BlocksPerLine = mcusX * c.H;
            c.BlocksPerColumn = mcusY * c.V;
            long n = (long)c.BlocksPerLine * c.BlocksPerColumn * 64;
            if (n > Array.MaxLength)
                throw ImageDecodeException.Large("JPEG coefficient buffer would be too large.");
            // Pooled: a 1080p frame needs ~6 MB of coefficients, which would otherwise churn the large-object heap.
            c.Coeffs = ArrayPool<short>.Shared.Rent((int)n);
            Array.Clear(c.Coeffs, 0, (int)n);
        }
    }

    private void ParseHuffman(ReadOnlySpan<byte> s)
    {
        while (s.Length > 0)
        {
            if (s.Length < 17)
                throw ImageDecodeException.Corrupt("JPEG Huffman table is truncated.");
            int tc = s[0] >> 4;
            int th = s[0] & 15;
            if (tc > 1 || th > 3)
                throw ImageDecodeException.Corrupt("JPEG Huffman table class or id out of range.");
            var counts = s.Slice(1, 16);
            int total = 0;
            foreach (byte b in counts)
                total += b;
            if (total > 256 || s.Length < 17 + total)
                throw ImageDecodeException.Corrupt("JPEG Huffman table symbol count is invalid.");
            (tc == 0 ? dcTables : acTables)[th].Build(counts, s.Slice(17, total), tc == 1);
            s = s[(17 + total)..];
        }
    }

    private void ParseQuant(ReadOnlySpan<byte> s)
    {
        while (s.Length > 0)
        {
            int pq = s[0] >> 4;
            int tq = s[0] & 15;
            if (pq > 1 || tq > 3)
                throw ImageDecodeException.Corrupt("JPEG quantisation table precision or id out of range.");
            int size = 1 + (64 << pq);
            if (s.Length < size)
                throw ImageDecodeException.Corrupt("JPEG quantisation table is truncated.");
            var t = new ushort[64];
            for (int k = 0; k < 64; k++)
                t[Dezigzag[k]] = pq == 0 ? s[1 + k] : BinaryPrimitives.ReadUInt16BigEndian(s[(1 + (2 * k))..]);
            quantTables[tq] = t;
            s = s[size..];
        }
    }

    private void DecodeScan(ReadOnlySpan<byte> data, ReadOnlySpan<byte> s, ref int pos)
    {
        if (!frameSeen)
            throw ImageDecodeException.Corrupt("JPEG scan before the frame header.");
        if (++scanCount > limits.MaxScans)
            throw ImageDecodeException.Large($"JPEG has more than {limits.MaxScans} scans.");
        if (s.Length < 1)
            throw ImageDecodeException.Corrupt("JPEG scan header is too short.");
        int ns = s[0];
        if (ns < 1 || ns > 4 || s.Length < 4 + (2 * ns))
            throw ImageDecodeException.Corrupt("JPEG scan header is invalid.");
        Span<int> scanComps = stackalloc int[4];
        int blocksPerMcu = 0;
        for (int i = 0; i < ns; i++)
        {
            int id = s[1 + (2 * i)];
            int tables = s[2 + (2 * i)];
            int index = -1;
            for (int j = 0; j < components.Length; j++)
            {
                if (components[j].Id == id)
                    index = j;
            }

            if (index < 0)
                throw ImageDecodeException.Corrupt("JPEG scan refers to an unknown component.");
            for (int j = 0; j < i; j++)
            {
                if (scanComps[j] == index)
                    throw ImageDecodeException.Corrupt("JPEG scan lists a component twice.");
            }

            var c = components[index];
            c.DcTable = tables >> 4;
            c.AcTable = tables & 15;
            if (c.DcTable > 3 || c.AcTable > 3)
                throw ImageDecodeException.Corrupt("JPEG scan Huffman table selector out of range.");
            if (c.Quant is null)
            {
                // Latch the table at the component's first scan, as libjpeg does.
                c.Quant = quantTables[c.Tq] ?? throw ImageDecodeException.Corrupt("JPEG component uses an undefined quantisation table.");
            }

            scanComps[i] = index;
            blocksPerMcu += c.H * c.V;
        }

        if (ns > 1 && blocksPerMcu > 10)
            throw ImageDecodeException.Corrupt("JPEG MCU has more than 10 blocks.");
        int ss = s[1 + (2 * ns)];
        int se = s[2 + (2 * ns)];
        int ah = s[3 + (2 * ns)] >> 4;
        int al = s[3 + (2 * ns)] & 15;

        int mode; // 0 sequential, 1 DC first, 2 DC refine, 3 AC first, 4 AC refine
        if (!progressive)
        {
            mode = 0;
        }
        else
        {
            if (ss > se || se > 63 || al > 13 || (ss == 0 && se != 0) || (ss > 0 && ns != 1))
                throw ImageDecodeException.Corrupt("JPEG progressive scan parameters are invalid.");
            mode = ss == 0 ? (ah == 0 ? 1 : 2) : (ah == 0 ? 3 : 4);
        }

        long blocksInScan = 0;
        long frameBlocks = 0;
        foreach (var fc in components)
            frameBlocks += (long)fc.BlocksPerLine * fc.BlocksPerColumn;
        if (ns == 1)
        {
            var c = components[scanComps[0]];
            blocksInScan = (long)((c.Width + 7) / 8) * ((c.Height + 7) / 8);
        }
        else
        {
            blocksInScan = (long)mcusX * mcusY * blocksPerMcu;
        }

        coefficientWork += blocksInScan * (mode == 0 ? 64 : se - ss + 1);
        if (coefficientWork > MaxCoefficientPasses * 64 * frameBlocks)
            throw ImageDecodeException.Large($"JPEG scans demand more than {MaxCoefficientPasses} decoding passes over the image.");

        for (int i = 0; i < ns; i++)
        {
            var c = components[scanComps[i]];
            bool needDc = mode is 0 or 1;
            bool needAc = mode is 0 or 3 or 4;
            if ((needDc && !dcTables[c.DcTable].Defined) || (needAc && !acTables[c.AcTable].Defined))
                throw ImageDecodeException.Corrupt("JPEG scan uses an undefined Huffman table.");
            c.Pred = 0;
        }

        eobrun = 0;
        var br = new BitReader(data, pos);
        int ri = restartInterval;
        if (ns == 1)
        {
            var c = components[scanComps[0]];
            int bw = (c.Width + 7) / 8;
            int bh = (c.Height + 7) / 8;
            int total = bw * bh;
            for (int n = 0; n < total; n++)
            {
                if (ri != 0 && n != 0 && n % ri == 0)
                    Restart(ref br, scanComps[..1]);
                int row = n / bw;
                int col = n - (row * bw);
                DecodeBlock(ref br, c, c.Coeffs.AsSpan(((row * c.BlocksPerLine) + col) * 64, 64), mode, ss, se, al);
                br.ThrowIfOverrun();
            }
        }
        else
        {
            int n = 0;
            for (int my = 0; my < mcusY; my++)
            {
                for (int mx = 0; mx < mcusX; mx++, n++)
                {
                    if (ri != 0 && n != 0 && n % ri == 0)
                        Restart(ref br, scanComps[..ns]);
                    for (int i = 0; i < ns; i++)
                    {
                        var c = components[scanComps[i]];
                        for (int v = 0; v < c.V; v++)
                        {
                            int row = (my * c.V) + v;
                            for (int h = 0; h < c.H; h++)
                            {
                                int col = (mx * c.H) + h;
                                DecodeBlock(ref br, c, c.Coeffs.AsSpan(((row * c.BlocksPerLine) + col) * 64, 64), mode, ss, se, al);
                            }
                        }
                    }

                    br.ThrowIfOverrun();
                }
            }
        }

        pos = br.Pos;
    }

    private void Restart(ref BitReader br, scoped ReadOnlySpan<int> scanComps)
    {
        br.Restart();
        foreach (int i in scanComps)
            components[i].Pred = 0;
        eobrun = 0;
    }

    private void DecodeBlock(ref BitReader br, Component c, Span<short> blk, int mode, int ss, int se, int al)
    {
        switch (mode)
        {
            case 0:
                DecodeSequential(ref br, c, blk);
                break;
            case 1:
                {
                    int t = br.DecodeHuffman(dcTables[c.DcTable]);
                    if (t > 15)
                        throw ImageDecodeException.Corrupt("JPEG DC magnitude category out of range.");
                    c.Pred += t == 0 ? 0 : br.ReceiveExtend(t);
                    blk[0] = (short)(c.Pred * (1 << al));
                    break;
                }

            case 2:
                if (br.GetBit() != 0)
                    blk[0] |= (short)(1 << al);
                break;
            case 3:
                DecodeAcFirst(ref br, acTables[c.AcTable], blk, ss, se, al);
                break;
            default:
                DecodeAcRefine(ref br, acTables[c.AcTable], blk, ss, se, al);
                break;
        }
    }

    private void DecodeSequential(ref BitReader br, Component c, Span<short> blk)
    {
        int t = br.DecodeHuffman(dcTables[c.DcTable]);
        if (t > 15)
            throw ImageDecodeException.Corrupt("JPEG DC magnitude category out of range.");
        c.Pred += t == 0 ? 0 : br.ReceiveExtend(t);
        blk[0] = (short)c.Pred;
        var ac = acTables[c.AcTable];
        short[] fac = ac.FastAc;
        byte[] dz = Dezigzag;
        int k = 1;
        do
        {
            br.Ensure(16);
            int r = fac[br.Peek9()];
            if (r != 0)
            {
                k += (r >> 4) & 15;
                br.Skip(r & 15);
                blk[dz[k++]] = (short)(r >> 8);
            }
            else
            {
                int rs = br.DecodeHuffman(ac);
                int s = rs & 15;
                if (s == 0)
                {
                    if (rs != 0xF0)
                        break;
                    k += 16;
                }
                else
                {
                    k += rs >> 4;
                    blk[dz[k++]] = (short)br.ReceiveExtend(s);
                }
            }
        }
        while (k < 64);
    }

    private void DecodeAcFirst(ref BitReader br, HuffmanTable ac, Span<short> blk, int ss, int se, int al)
    {
        if (eobrun != 0)
        {
            eobrun--;
            return;
        }

        int k = ss;
        do
        {
            int rs = br.DecodeHuffman(ac);
            int s = rs & 15;
            int r = rs >> 4;
            if (s == 0)
            {
                if (r < 15)
                {
                    eobrun = (1 << r) + br.GetBits(r) - 1;
                    break;
                }

                k += 16;
            }
            else
            {
                k += r;
                blk[Dezigzag[k++]] = (short)(br.ReceiveExtend(s) * (1 << al));
            }
        }
        while (k <= se);
    }

    private void DecodeAcRefine(ref BitReader br, HuffmanTable ac, Span<short> blk, int ss, int se, int al)
    {
        short bit = (short)(1 << al);
        int k = ss;
        if (eobrun != 0)
        {
            eobrun--;
            for (; k <= se; k++)
                RefineNonZero(ref br, ref blk[Dezigzag[k]], bit);
            return;
        }

        do
        {
            int rs = br.DecodeHuffman(ac);
            int s = rs & 15;
            int r = rs >> 4;
            int value = 0;
            if (s == 0)
            {
                if (r < 15)
                {
                    eobrun = (1 << r) - 1 + br.GetBits(r);
                    r = 64; // no new coefficient: refine the rest of the band only
                }
            }
            else
            {
                if (s != 1)
                    throw ImageDecodeException.Corrupt("JPEG refinement scan has a magnitude other than 1.");
                value = br.GetBit() != 0 ? bit : -bit;
            }

            while (k <= se)
            {
                ref short p = ref blk[Dezigzag[k++]];
                if (p != 0)
                {
                    RefineNonZero(ref br, ref p, bit);
                }
                else
                {
                    if (r == 0)
                    {
                        p = (short)value;
                        break;
                    }

                    r--;
                }
            }
        }
        while (k <= se);
    }

    private static void RefineNonZero(ref BitReader br, ref short p, short bit)
    {
        if (p != 0 && br.GetBit() != 0 && (p & bit) == 0)
            p = (short)(p > 0 ? p + bit : p - bit);
    }

    private unsafe RgbImage Output()
    {
        int nc = components.Length;
        var planes = new byte[nc][];
        try
        {
            for (int i = 0; i < nc; i++)
            {
                var c = components[i];
                if (c.Quant is null)
                    throw ImageDecodeException.Corrupt("JPEG component was never coded in any scan.");
                int stride = c.BlocksPerLine * 8;
                planes[i] = ArrayPool<byte>.Shared.Rent(stride * c.BlocksPerColumn * 8);
                fixed (short* coef = c.Coeffs)
                fixed (ushort* q = c.Quant)
                fixed (byte* plane = planes[i])
                {
                    for (int by = 0; by < c.BlocksPerColumn; by++)
                    {
                        for (int bx = 0; bx < c.BlocksPerLine; bx++)
                        {
                            Idct.Transform(
                                coef + (((by * c.BlocksPerLine) + bx) * 64), q,
                                plane + (by * 8 * stride) + (bx * 8), stride);
                        }
                    }
                }

                ArrayPool<short>.Shared.Return(c.Coeffs); // release early: the planes now hold the pixels
                c.Coeffs = [];
            }

            var pixels = new byte[checked(width * height * 3)];
            bool rgb = nc == 3 && (adobeTransform == 0 ||
                (adobeTransform < 0 && !jfif && components[0].Id == 'R' && components[1].Id == 'G' && components[2].Id == 'B'));
            if (nc == 1)
            {
                int stride = components[0].BlocksPerLine * 8;
                for (int y = 0; y < height; y++)
                    ColorConvert.GreyToRgb(planes[0].AsSpan(y * stride, width), pixels.AsSpan(y * width * 3, width * 3));
            }
            else
            {
                var up = new Upsampler[3];
                for (int i = 0; i < 3; i++)
                {
                    var c = components[i];
                    up[i] = new Upsampler(planes[i], c.BlocksPerLine * 8, c.Width, c.Height, hMax / c.H, vMax / c.V, width);
                }

                for (int y = 0; y < height; y++)
                {
                    var dst = pixels.AsSpan(y * width * 3, width * 3);
                    var r0 = up[0].Row(y);
                    var r1 = up[1].Row(y);
                    var r2 = up[2].Row(y);
                    if (rgb)
                        ColorConvert.PlanarToRgb(r0, r1, r2, dst);
                    else
                        ColorConvert.YCbCrToRgb(r0, r1, r2, dst);
                }
            }

            return new RgbImage(width, height, pixels);
        }
        finally
        {
            foreach (var p in planes)
            {
                if (p is not null)
                    ArrayPool<byte>.Shared.Return(p);
            }
        }
    }
}

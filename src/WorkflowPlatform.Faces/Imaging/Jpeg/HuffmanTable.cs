namespace WorkflowPlatform.Faces.Imaging.Jpeg;

/// <summary>
/// A canonical JPEG Huffman table with a 9-bit direct lookup (and, for AC tables, a lookup that also
/// resolves short run/magnitude pairs in one step). Longer codes fall back to a max-code search.
/// </summary>
internal sealed class HuffmanTable
{
    public const int FastBits = 9;

    /// <summary>Symbol index for each 9-bit prefix, 255 when the code is longer than 9 bits.</summary>
    public readonly byte[] Fast = new byte[1 << FastBits];

    /// <summary>AC fast path: (value &lt;&lt; 8) | (run &lt;&lt; 4) | (code + magnitude length), 0 when not resolvable.</summary>
    public readonly short[] FastAc = new short[1 << FastBits];

    public readonly byte[] Sizes = new byte[257];
    public readonly byte[] Values = new byte[256];
    public readonly uint[] MaxCode = new uint[18];
    public readonly int[] Delta = new int[17];
    public int Count;
    public bool Defined;

    /// <summary>Builds the table; throws on over-subscribed code lengths (a prefix code cannot hold them).</summary>
    public void Build(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols, bool isAc)
    {
        int k = 0;
        for (int i = 0; i < 16; i++)
        {
            for (int j = 0; j < counts[i]; j++)
                Sizes[k++] = (byte)(i + 1);
        }

        Sizes[k] = 0;
        Count = k;
        symbols[..k].CopyTo(Values);
        Span<ushort> codes = stackalloc ushort[256];
        uint code = 0;
        k = 0;
        for (int len = 1; len <= 16; len++)
        {
            Delta[len] = k - (int)code;
            if (Sizes[k] == len)
            {
                while (Sizes[k] == len)
                    codes[k++] = (ushort)code++;
                if (code - 1 >= 1u << len)
                    throw ImageDecodeException.Corrupt("JPEG Huffman table has over-subscribed code lengths.");
            }

            MaxCode[len] = code << (16 - len);
            code <<= 1;
        }

        MaxCode[17] = uint.MaxValue;
        Array.Fill(Fast, (byte)255);
        for (int i = 0; i < Count; i++)
        {
            int s = Sizes[i];
            if (s <= FastBits)
            {
                int c = codes[i] << (FastBits - s);
                int m = 1 << (FastBits - s);
                for (int j = 0; j < m; j++)
                    Fast[c + j] = (byte)i;
            }
        }

        Array.Clear(FastAc);
        if (isAc)
            BuildFastAc();
        Defined = true;
    }

    private void BuildFastAc()
    {
        for (int i = 0; i < (1 << FastBits); i++)
        {
            byte fast = Fast[i];
            if (fast == 255)
                continue;
            int rs = Values[fast];
            int run = (rs >> 4) & 15;
            int magBits = rs & 15;
            int len = Sizes[fast];
            if (magBits != 0 && len + magBits <= FastBits)
            {
                int k = ((i << len) & ((1 << FastBits) - 1)) >> (FastBits - magBits);
                int m = 1 << (magBits - 1);
                if (k < m)
                    k += (-1 << magBits) + 1;
                if (k >= -128 && k <= 127)
                    FastAc[i] = (short)((k * 256) + (run * 16) + len + magBits);
            }
        }
    }
}

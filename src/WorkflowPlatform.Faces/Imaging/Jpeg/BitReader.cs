using System.Runtime.CompilerServices;

namespace WorkflowPlatform.Faces.Imaging.Jpeg;

/// <summary>
/// Entropy-coded segment reader: 64-bit left-aligned bit buffer, un-stuffs 0xFF00, stops at markers.
/// Past a marker or the end of data it feeds zero bits and counts them, so a truncated or corrupt
/// stream is detected (<see cref="ThrowIfOverrun"/>) instead of reading out of bounds or spinning.
/// </summary>
internal ref struct BitReader
{
    /// <summary>Zero bytes the reader may synthesise past a marker before the scan counts as truncated.</summary>
    private const int MaxFakeBytes = 24;

    private readonly ReadOnlySpan<byte> data;
    private ulong bits;
    private int count;

    public BitReader(ReadOnlySpan<byte> data, int pos)
    {
        this.data = data;
        Pos = pos;
    }

    public int Pos { get; private set; }

    public bool MarkerHit { get; private set; }

    public int FakeBytes { get; private set; }

    private void Fill()
    {
        while (count <= 56)
        {
            int b = 0;
            if (!MarkerHit && Pos < data.Length)
            {
                b = data[Pos];
                if (b == 0xFF)
                {
                    int next = Pos + 1 < data.Length ? data[Pos + 1] : -1;
                    if (next == 0)
                    {
                        Pos += 2;
                    }
                    else if (next == 0xFF)
                    {
                        Pos++; // fill byte before a marker
                        continue;
                    }
                    else
                    {
                        MarkerHit = true;
                        b = 0;
                        FakeBytes++;
                    }
                }
                else
                {
                    Pos++;
                }
            }
            else
            {
                FakeBytes++;
            }

            bits |= (ulong)(uint)b << (56 - count);
            count += 8;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Ensure(int n)
    {
        if (count < n)
            Fill();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Peek9() => (int)(bits >> (64 - HuffmanTable.FastBits));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Skip(int n)
    {
        bits <<= n;
        count -= n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int DecodeHuffman(HuffmanTable t)
    {
        if (count < 16)
            Fill();
        int k = t.Fast[(int)(bits >> (64 - HuffmanTable.FastBits))];
        if (k != 255)
        {
            int s = t.Sizes[k];
            bits <<= s;
            count -= s;
            return t.Values[k];
        }

        return DecodeSlow(t);
    }

    private int DecodeSlow(HuffmanTable t)
    {
        uint temp = (uint)(bits >> 48);
        int len = HuffmanTable.FastBits + 1;
        while (temp >= t.MaxCode[len])
            len++;
        if (len == 17)
            throw ImageDecodeException.Corrupt("JPEG entropy data holds an invalid Huffman code.");
        int c = (int)(temp >> (16 - len)) + t.Delta[len];
        if ((uint)c >= (uint)t.Count)
            throw ImageDecodeException.Corrupt("JPEG entropy data holds an invalid Huffman code.");
        bits <<= len;
        count -= len;
        return t.Values[c];
    }

    /// <summary>Reads <paramref name="s"/> (1..16) bits and sign-extends them as JPEG magnitude categories do.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReceiveExtend(int s)
    {
        if (count < s)
            Fill();
        int v = (int)(bits >> (64 - s));
        bits <<= s;
        count -= s;
        return v < (1 << (s - 1)) ? v - (1 << s) + 1 : v;
    }

    public int GetBits(int n)
    {
        if (n == 0)
            return 0;
        if (count < n)
            Fill();
        int v = (int)(bits >> (64 - n));
        bits <<= n;
        count -= n;
        return v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetBit()
    {
        if (count < 1)
            Fill();
        int v = (int)(bits >> 63);
        bits <<= 1;
        count--;
        return v;
    }

    public readonly void ThrowIfOverrun()
    {
        if (FakeBytes > MaxFakeBytes)
            throw ImageDecodeException.Corrupt("JPEG entropy data is truncated or corrupt (ran into a marker or the end of data).");
    }

    /// <summary>
    /// Drops buffered bits and skips past the next RSTn marker. When another marker comes first the reader
    /// stays stopped there, so the following MCUs read zero bits and trip <see cref="ThrowIfOverrun"/>.
    /// </summary>
    public void Restart()
    {
        bits = 0;
        count = 0;
        FakeBytes = 0;
        MarkerHit = false;
        int p = Pos;
        while (p + 1 < data.Length)
        {
            if (data[p] == 0xFF)
            {
                byte m = data[p + 1];
                if (m >= 0xD0 && m <= 0xD7)
                {
                    Pos = p + 2;
                    return;
                }

                if (m != 0 && m != 0xFF)
                {
                    Pos = p;
                    MarkerHit = true;
                    return;
                }
            }

            p++;
        }

        Pos = data.Length;
        MarkerHit = true;
    }
}

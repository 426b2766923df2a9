namespace WorkflowPlatform.Faces.Tests.Support;

/// <summary>The seeded generator of tools/parity/parity.mjs (mulberry32); byte = Next() &gt;&gt; 24.</summary>
public sealed class Mulberry32(uint seed)
{
    private uint _a = seed;

    public uint Next()
    {
        _a += 0x6D2B79F5;
        var t = (_a ^ (_a >> 15)) * (_a | 1);
        t = (t + ((t ^ (t >> 7)) * (t | 61))) ^ t;
        return t ^ (t >> 14);
    }

    /// <summary>count bytes as floats 0–255, exactly as the fixtures' inputs.</summary>
    public static float[] Bytes(uint seed, int count)
    {
        var g = new Mulberry32(seed);
        var data = new float[count];
        for (var i = 0; i < count; i++) data[i] = g.Next() >> 24;
        return data;
    }
}

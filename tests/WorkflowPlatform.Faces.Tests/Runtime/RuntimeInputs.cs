namespace WorkflowPlatform.Faces.Tests.Runtime;

/// <summary>The deterministic inputs of Reference/inputs.mjs (and of tools/parity): mulberry32 bytes.</summary>
internal static class RuntimeInputs
{
    public static byte[] Bytes(string kind, int seed, int h, int w)
    {
        uint a = unchecked((uint)seed);
        var bytes = new byte[h * w * 3];
        int i = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++)
                {
                    int r = (int)(Next(ref a) >> 24);
                    bytes[i++] = kind == "noise" ? (byte)r : (byte)((((x * x + 3 * y * y) >> 4) + 85 * c + (r >> 3)) & 255);
                }
        return bytes;
    }

    public static uint Next(ref uint a)
    {
        unchecked
        {
            a += 0x6D2B79F5;
            uint t = (a ^ (a >> 15)) * (a | 1);
            t = (t + ((t ^ (t >> 7)) * (t | 61))) ^ t;
            return t ^ (t >> 14);
        }
    }

    /// <summary>"pm1": b/127.5 − 1 (BlazeFace); "unit": b/255.</summary>
    public static float[] Normalise(byte[] bytes, string mode)
    {
        var f = new float[bytes.Length];
        for (int i = 0; i < bytes.Length; i++) f[i] = mode == "pm1" ? bytes[i] / 127.5f - 1f : bytes[i] / 255f;
        return f;
    }
}

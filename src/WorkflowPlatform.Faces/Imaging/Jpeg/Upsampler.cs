namespace WorkflowPlatform.Faces.Imaging.Jpeg;

/// <summary>
/// Produces full-resolution rows of one component plane. 2× horizontal and/or vertical factors use
/// libjpeg's "fancy" triangle filter (the default in libjpeg/libjpeg-turbo, so browsers and tfjs see the
/// same chroma); other integral factors replicate samples.
/// </summary>
internal sealed class Upsampler
{
    private readonly byte[] plane;
    private readonly int stride;
    private readonly int compWidth;
    private readonly int compHeight;
    private readonly int sx;
    private readonly int sy;
    private readonly int width;
    private readonly byte[] row;

    public Upsampler(byte[] plane, int stride, int compWidth, int compHeight, int sx, int sy, int width)
    {
        this.plane = plane;
        this.stride = stride;
        this.compWidth = compWidth;
        this.compHeight = compHeight;
        this.sx = sx;
        this.sy = sy;
        this.width = width;
        row = sx == 1 && sy == 1 ? [] : new byte[(compWidth * sx) + 8];
    }

    public ReadOnlySpan<byte> Row(int y)
    {
        if (sx == 1 && sy == 1)
            return plane.AsSpan(y * stride, width);
        int cy = y / sy;
        var cur = plane.AsSpan(cy * stride, compWidth);
        if (sx == 2 && sy == 2)
        {
            int ny = (y & 1) == 0 ? Math.Max(cy - 1, 0) : Math.Min(cy + 1, compHeight - 1);
            H2V2(cur, plane.AsSpan(ny * stride, compWidth), row);
        }
        else if (sx == 2 && sy == 1)
        {
            H2V1(cur, row);
        }
        else if (sx == 1 && sy == 2)
        {
            bool upper = (y & 1) == 0;
            int ny = upper ? Math.Max(cy - 1, 0) : Math.Min(cy + 1, compHeight - 1);
            var near = plane.AsSpan(ny * stride, compWidth);
            int bias = upper ? 1 : 2;
            for (int x = 0; x < compWidth; x++)
                row[x] = (byte)(((cur[x] * 3) + near[x] + bias) >> 2);
        }
        else
        {
            for (int x = 0; x < width; x++)
                row[x] = cur[x / sx];
        }

        return row.AsSpan(0, width);
    }

    private static void H2V1(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int n = input.Length;
        if (n == 1)
        {
            output[0] = output[1] = input[0];
            return;
        }

        output[0] = input[0];
        output[1] = (byte)(((input[0] * 3) + input[1] + 2) >> 2);
        for (int i = 1; i < n - 1; i++)
        {
            int v = input[i] * 3;
            output[2 * i] = (byte)((v + input[i - 1] + 1) >> 2);
            output[(2 * i) + 1] = (byte)((v + input[i + 1] + 2) >> 2);
        }

        output[2 * (n - 1)] = (byte)(((input[n - 1] * 3) + input[n - 2] + 1) >> 2);
        output[(2 * n) - 1] = input[n - 1];
    }

    private static void H2V2(ReadOnlySpan<byte> cur, ReadOnlySpan<byte> near, Span<byte> output)
    {
        int n = cur.Length;
        int thisSum = (cur[0] * 3) + near[0];
        if (n == 1)
        {
            output[0] = (byte)(((thisSum * 4) + 8) >> 4);
            output[1] = (byte)(((thisSum * 4) + 7) >> 4);
            return;
        }

        int nextSum = (cur[1] * 3) + near[1];
        output[0] = (byte)(((thisSum * 4) + 8) >> 4);
        output[1] = (byte)(((thisSum * 3) + nextSum + 7) >> 4);
        int lastSum = thisSum;
        thisSum = nextSum;
        for (int i = 1; i < n - 1; i++)
        {
            nextSum = (cur[i + 1] * 3) + near[i + 1];
            output[2 * i] = (byte)(((thisSum * 3) + lastSum + 8) >> 4);
            output[(2 * i) + 1] = (byte)(((thisSum * 3) + nextSum + 7) >> 4);
            lastSum = thisSum;
            thisSum = nextSum;
        }

        output[2 * (n - 1)] = (byte)(((thisSum * 3) + lastSum + 8) >> 4);
        output[(2 * n) - 1] = (byte)(((thisSum * 4) + 7) >> 4);
    }
}

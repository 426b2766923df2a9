using Xunit;
using WorkflowPlatform.Faces.Imaging.Jpeg;

namespace WorkflowPlatform.Faces.Tests.Imaging;

public class KernelTests
{
    [Fact]
    public void IdctTransform_RandomBlocks_EqualsScalarForm()
    {
        var rng = new Random(3);
        var coef = new short[64];
        var quant = new ushort[64];
        var a = new byte[16 * 8];
        var b = new byte[16 * 8];
        for (int n = 0; n < 5000; n++)
        {
            // Mix sparse realistic blocks, dense ones and hostile extremes that overflow int arithmetic.
            int mode = n % 3;
            for (int i = 0; i < 64; i++)
            {
                coef[i] = mode switch
                {
                    0 => i < 10 && rng.Next(2) == 0 ? (short)rng.Next(-200, 200) : (short)0,
                    1 => (short)rng.Next(-1024, 1024),
                    _ => (short)rng.Next(short.MinValue, short.MaxValue + 1),
                };
                quant[i] = mode == 2 ? (ushort)rng.Next(1, 65536) : (ushort)rng.Next(1, 100);
            }

            Idct.Transform(coef, quant, a, 16, scalar: false);
            Idct.Transform(coef, quant, b, 16, scalar: true);
            for (int y = 0; y < 8; y++)
            {
                for (int x = 0; x < 8; x++)
                    Assert.Equal(b[(y * 16) + x], a[(y * 16) + x]);
            }
        }
    }

    [Fact]
    public void YCbCrToRgb_AllInputs_MatchesLibjpegFormula()
    {
        // 256 × 256 × 256 combinations in rows long enough for the vector path plus a scalar tail.
        var y = new byte[259];
        var cb = new byte[259];
        var cr = new byte[259];
        var rgb = new byte[259 * 3];
        for (int c1 = 0; c1 < 256; c1++)
        {
            for (int c2 = 0; c2 < 256; c2++)
            {
                for (int i = 0; i < 259; i++)
                {
                    y[i] = (byte)i;
                    cb[i] = (byte)c1;
                    cr[i] = (byte)c2;
                }

                ColorConvert.YCbCrToRgb(y, cb, cr, rgb);
                for (int i = 0; i < 259; i += 7)
                {
                    // jdcolor.c: R = Y + Cr_r_tab[Cr], G = Y + ((Cb_g_tab[Cb] + Cr_g_tab[Cr]) >> 16), B = Y + Cb_b_tab[Cb]
                    int r = y[i] + ((91881 * (c2 - 128) + 32768) >> 16);
                    int g = y[i] + ((-22554 * (c1 - 128) - 46802 * (c2 - 128) + 32768) >> 16);
                    int b = y[i] + ((116130 * (c1 - 128) + 32768) >> 16);
                    Assert.Equal(Math.Clamp(r, 0, 255), rgb[i * 3]);
                    Assert.Equal(Math.Clamp(g, 0, 255), rgb[(i * 3) + 1]);
                    Assert.Equal(Math.Clamp(b, 0, 255), rgb[(i * 3) + 2]);
                }
            }
        }
    }
}

using WorkflowPlatform.Faces.Runtime.Kernels;
using Xunit;

namespace WorkflowPlatform.Faces.Tests.Runtime;

/// <summary>SIMD kernels against naive loops written straight from the TF definitions.</summary>
public sealed class KernelTests
{
    [Theory]
    [InlineData(9, 9, 3, 24, 5, 2, true)]    // BlazeFace stem: 5×5/2 SAME, pads (1, 2)
    [InlineData(8, 8, 16, 16, 3, 2, true)]   // 3×3/2 SAME on even input: pads (0, 1)
    [InlineData(7, 6, 5, 20, 3, 1, true)]
    [InlineData(10, 10, 8, 33, 3, 3, false)] // stride 3 VALID (FaceMesh heads)
    [InlineData(13, 11, 3, 7, 7, 2, false)]  // dlib stem shape class
    [InlineData(5, 5, 40, 300, 1, 1, false)] // 1×1 direct path, K > KC is not needed, N with remainder
    [InlineData(4, 4, 300, 40, 3, 1, true)]  // K = 2700 > KC: K-blocking
    [InlineData(1, 1, 24, 6, 1, 1, false)]   // single pixel, narrow panel
    public void Conv2DExecute_RandomInput_MatchesNaiveConvolution(int h, int w, int cin, int cout, int k, int stride, bool same)
    {
        var rnd = new Random(h * 1000 + cin * 10 + cout);
        float[] x = Rand(rnd, h * w * cin), filter = Rand(rnd, k * k * cin * cout), bias = Rand(rnd, cout), alpha = Rand(rnd, cout);
        (int oh, int pt) = Padding.Axis(same, h, k, stride);
        (int ow, int pl) = Padding.Axis(same, w, k, stride);
        float[] residual = Rand(rnd, oh * ow * cout);
        float[] expected = NaiveConv(x, h, w, cin, filter, k, cout, stride, pt, pl, oh, ow, bias);
        foreach (Activation act in new[] { Activation.None, Activation.Relu, Activation.Prelu })
        {
            var conv = new Conv2D(filter, k, k, cin, cout, bias, stride, stride, act, alpha);
            float[] y = new float[oh * ow * cout];
            float[] yr = new float[oh * ow * cout];

            conv.Execute(x, h, w, y, oh, ow, pt, pl, null);
            conv.Execute(x, h, w, yr, oh, ow, pt, pl, residual);

            for (int i = 0; i < y.Length; i++)
            {
                Assert.Equal(Act(expected[i], act, alpha[i % cout]), y[i], 3e-4f);
                Assert.Equal(Act(expected[i] + residual[i], act, alpha[i % cout]), yr[i], 3e-4f);
            }
        }
    }

    [Theory]
    [InlineData(12, 12, 24, 3, 1)]
    [InlineData(12, 12, 24, 3, 2)]
    [InlineData(9, 7, 20, 3, 2)] // channels not a multiple of 8, odd sizes
    [InlineData(10, 10, 16, 5, 1)]
    [InlineData(11, 10, 8, 5, 2)]
    public void DepthwiseExecute_SamePadding_MatchesNaive(int h, int w, int c, int k, int stride)
    {
        var rnd = new Random(h * w * c + k);
        float[] x = Rand(rnd, h * w * c), f = Rand(rnd, k * k * c);
        (int oh, int pt) = Padding.Axis(true, h, k, stride);
        (int ow, int pl) = Padding.Axis(true, w, k, stride);
        var dw = new DepthwiseConv2D(f, k, k, c, stride, stride, default, Activation.None);
        float[] y = new float[oh * ow * c];

        dw.Execute(x, h, w, y, oh, ow, pt, pl);

        for (int oy = 0; oy < oh; oy++)
            for (int ox = 0; ox < ow; ox++)
                for (int ch = 0; ch < c; ch++)
                {
                    double s = 0;
                    for (int ky = 0; ky < k; ky++)
                        for (int kx = 0; kx < k; kx++)
                        {
                            int iy = oy * stride - pt + ky, ix = ox * stride - pl + kx;
                            if (iy >= 0 && iy < h && ix >= 0 && ix < w) s += x[(iy * w + ix) * c + ch] * (double)f[(ky * k + kx) * c + ch];
                        }
                    Assert.Equal((float)s, y[(oy * ow + ox) * c + ch], 1e-4f);
                }
    }

    [Theory]
    [InlineData(17, 13, 24, 24, 1)]
    [InlineData(17, 13, 24, 48, 2)]
    [InlineData(8, 8, 16, 20, 2)]
    [InlineData(5, 31, 32, 8, 1)]
    public void ExecuteAfterDepthwise_AnySize_EqualsDepthwiseThenPointwise(int h, int w, int c, int cout, int stride)
    {
        var rnd = new Random(h * w + c + cout);
        float[] x = Rand(rnd, h * w * c), f = Rand(rnd, 9 * c), pwf = Rand(rnd, c * cout), bias = Rand(rnd, cout);
        (int oh, int pt) = Padding.Axis(true, h, 3, stride);
        (int ow, int pl) = Padding.Axis(true, w, 3, stride);
        float[] residual = Rand(rnd, oh * ow * cout);
        var dw = new DepthwiseConv2D(f, 3, 3, c, stride, stride, default, Activation.None);
        var pw = new Conv2D(pwf, 1, 1, c, cout, bias, 1, 1, Activation.Relu, default);
        float[] mid = new float[oh * ow * c], expected = new float[oh * ow * cout], actual = new float[oh * ow * cout];
        dw.Execute(x, h, w, mid, oh, ow, pt, pl);
        pw.Execute(mid, oh, ow, expected, oh, ow, 0, 0, residual);

        pw.ExecuteAfterDepthwise(dw, x, h, w, actual, oh, ow, pt, pl, residual);

        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(true, 2, 2, true)]
    [InlineData(true, 3, 2, false)]
    [InlineData(false, 2, 2, false)]
    [InlineData(true, 2, 2, false)]
    public void PoolingExecute_OddInput_MatchesNaive(bool max, int k, int stride, bool same)
    {
        const int h = 7, w = 9, c = 12;
        var rnd = new Random(k * 10 + stride);
        float[] x = Rand(rnd, h * w * c);
        (int oh, int pt) = Padding.Axis(same, h, k, stride);
        (int ow, int pl) = Padding.Axis(same, w, k, stride);
        float[] y = new float[oh * ow * c];

        Pooling.Execute(max, x, h, w, c, y, oh, ow, k, k, stride, stride, pt, pl);

        for (int oy = 0; oy < oh; oy++)
            for (int ox = 0; ox < ow; ox++)
                for (int ch = 0; ch < c; ch++)
                {
                    float m = float.NegativeInfinity, s = 0;
                    int n = 0;
                    for (int ky = 0; ky < k; ky++)
                        for (int kx = 0; kx < k; kx++)
                        {
                            int iy = oy * stride - pt + ky, ix = ox * stride - pl + kx;
                            if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                            float v = x[(iy * w + ix) * c + ch];
                            m = Math.Max(m, v); s += v; n++;
                        }
                    Assert.Equal(max ? m : s / n, y[(oy * ow + ox) * c + ch], 1e-5f);
                }
    }

    [Theory]
    [InlineData(256, 5, 2, 128, 1)] // BlazeFace first conv: pad 1 before, 2 after
    [InlineData(128, 3, 2, 64, 0)]  // every 3×3/2 SAME conv: pad 0 before, 1 after
    [InlineData(127, 3, 2, 64, 1)]
    [InlineData(35, 3, 1, 35, 1)]
    public void PaddingAxis_Same_PutsOddPixelAtTheEnd(int input, int kernel, int stride, int expectedOut, int expectedBefore)
    {
        (int output, int before) = Padding.Axis(true, input, kernel, stride);

        Assert.Equal(expectedOut, output);
        Assert.Equal(expectedBefore, before);
    }

    [Fact]
    public void DenseForward_WithBiasAndRelu_MatchesNaive()
    {
        var rnd = new Random(3);
        float[] x = Rand(rnd, 37), w = Rand(rnd, 37 * 19), b = Rand(rnd, 19);
        float[] y = new float[19];

        Dense.Forward(x, w, b, y, relu: true);

        for (int j = 0; j < 19; j++)
        {
            double s = b[j];
            for (int i = 0; i < 37; i++) s += x[i] * (double)w[i * 19 + j];
            Assert.Equal((float)Math.Max(0, s), y[j], 1e-5f);
        }
    }

    private static float Act(float v, Activation act, float alpha) => act switch
    {
        Activation.Relu => Math.Max(0, v),
        Activation.Prelu => v < 0 ? alpha * v : v,
        _ => v,
    };

    private static float[] NaiveConv(float[] x, int h, int w, int cin, float[] f, int k, int cout, int stride, int pt, int pl, int oh, int ow, float[] bias)
    {
        var y = new float[oh * ow * cout];
        for (int oy = 0; oy < oh; oy++)
            for (int ox = 0; ox < ow; ox++)
                for (int co = 0; co < cout; co++)
                {
                    double s = bias[co];
                    for (int ky = 0; ky < k; ky++)
                        for (int kx = 0; kx < k; kx++)
                        {
                            int iy = oy * stride - pt + ky, ix = ox * stride - pl + kx;
                            if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                            for (int ci = 0; ci < cin; ci++)
                                s += x[(iy * w + ix) * cin + ci] * (double)f[((ky * k + kx) * cin + ci) * cout + co];
                        }
                    y[(oy * ow + ox) * cout + co] = (float)s;
                }
        return y;
    }

    private static float[] Rand(Random rnd, int n)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float)(rnd.NextDouble() * 2 - 1);
        return a;
    }
}

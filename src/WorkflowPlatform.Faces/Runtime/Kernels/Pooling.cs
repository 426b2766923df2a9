using System.Runtime.Intrinsics;

namespace WorkflowPlatform.Faces.Runtime.Kernels;

/// <summary>Max and average pooling over H and W (NHWC), with TF padding semantics: padded samples are
/// ignored by max and not counted by average.</summary>
internal static unsafe class Pooling
{
    public static void Execute(bool max, float[] x, int h, int w, int c, float[] y, int oh, int ow,
        int kh, int kw, int sh, int sw, int padTop, int padLeft)
    {
        long work = (long)oh * ow * c * kh * kw;
        int tasks = Parallelism.Tasks(work, oh);
        Parallelism.For(tasks, t =>
        {
            int r0 = oh * t / tasks, r1 = oh * (t + 1) / tasks;
            fixed (float* px = x, py = y)
            {
                int vecEnd = c & ~7;
                for (int oy = r0; oy < r1; oy++)
                {
                    int iy0 = oy * sh - padTop;
                    int kyLo = Math.Max(0, -iy0), kyHi = Math.Min(kh, h - iy0);
                    for (int ox = 0; ox < ow; ox++)
                    {
                        int ix0 = ox * sw - padLeft;
                        int kxLo = Math.Max(0, -ix0), kxHi = Math.Min(kw, w - ix0);
                        float* dst = py + ((long)oy * ow + ox) * c;
                        float inv = 1f / ((kyHi - kyLo) * (kxHi - kxLo));
                        int ch = 0;
                        for (; ch < vecEnd; ch += 8)
                        {
                            Vector256<float> acc = max ? Vector256.Create(float.NegativeInfinity) : Vector256<float>.Zero;
                            for (int ky = kyLo; ky < kyHi; ky++)
                            {
                                float* src = px + ((long)(iy0 + ky) * w + ix0) * c + ch;
                                for (int kx = kxLo; kx < kxHi; kx++)
                                {
                                    Vector256<float> v = Vector256.Load(src + kx * c);
                                    acc = max ? Vector256.Max(acc, v) : acc + v;
                                }
                            }
                            Vector256.Store(max ? acc : acc * inv, dst + ch);
                        }
                        for (; ch < c; ch++)
                        {
                            float acc = max ? float.NegativeInfinity : 0f;
                            for (int ky = kyLo; ky < kyHi; ky++)
                            {
                                float* src = px + ((long)(iy0 + ky) * w + ix0) * c + ch;
                                for (int kx = kxLo; kx < kxHi; kx++) acc = max ? MathF.Max(acc, src[kx * c]) : acc + src[kx * c];
                            }
                            dst[ch] = max ? acc : acc * inv;
                        }
                    }
                }
            }
        });
    }
}

using System.Numerics.Tensors;

namespace WorkflowPlatform.Faces.Runtime.Kernels;

/// <summary>Fully connected layer y = x·W (+ bias) with W row-major [K, N] (TF.js layout).</summary>
internal static class Dense
{
    public static void Forward(ReadOnlySpan<float> x, float[] weights, float[]? bias, Span<float> y, bool relu)
    {
        int n = y.Length;
        if (bias != null) bias.AsSpan(0, n).CopyTo(y);
        else y.Clear();
        ReadOnlySpan<float> w = weights;
        // Row-wise axpy keeps W streaming in order; K×N ≤ 3136×128 here.
        for (int k = 0; k < x.Length; k++)
        {
            float xk = x[k];
            if (xk == 0f) continue;
            TensorPrimitives.MultiplyAdd(w.Slice(k * n, n), xk, y, y);
        }
        if (relu) TensorPrimitives.Max(y, 0f, y);
    }
}

using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace WorkflowPlatform.Faces.Runtime.Kernels;

/// <summary>Element-wise kernels (vectorised; channel vectors broadcast over the last axis).</summary>
internal static unsafe class Elementwise
{
    public enum BinaryOp { Add, Sub, Mul }

    /// <summary>y = a ∘ b with b the same length as a, a vector over the last axis (length c), or a scalar.</summary>
    public static void Binary(BinaryOp op, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y)
    {
        int n = y.Length;
        if (b.Length == n)
        {
            switch (op)
            {
                case BinaryOp.Add: TensorPrimitives.Add(a[..n], b, y); break;
                case BinaryOp.Sub: TensorPrimitives.Subtract(a[..n], b, y); break;
                default: TensorPrimitives.Multiply(a[..n], b, y); break;
            }
            return;
        }
        if (b.Length == 1)
        {
            switch (op)
            {
                case BinaryOp.Add: TensorPrimitives.Add(a[..n], b[0], y); break;
                case BinaryOp.Sub: TensorPrimitives.Subtract(a[..n], b[0], y); break;
                default: TensorPrimitives.Multiply(a[..n], b[0], y); break;
            }
            return;
        }
        int c = b.Length;
        for (int i = 0; i < n; i += c)
        {
            ReadOnlySpan<float> ai = a.Slice(i, c);
            Span<float> yi = y.Slice(i, c);
            switch (op)
            {
                case BinaryOp.Add: TensorPrimitives.Add(ai, b, yi); break;
                case BinaryOp.Sub: TensorPrimitives.Subtract(ai, b, yi); break;
                default: TensorPrimitives.Multiply(ai, b, yi); break;
            }
        }
    }

    /// <summary>y = b ∘ a where only the left operand is broadcast (used for Sub with a constant left side).</summary>
    public static void BinaryReversed(BinaryOp op, ReadOnlySpan<float> broadcastLeft, ReadOnlySpan<float> right, Span<float> y)
    {
        if (op != BinaryOp.Sub)
        {
            Binary(op, right, broadcastLeft, y);
            return;
        }
        int c = broadcastLeft.Length;
        for (int i = 0; i < y.Length; i++) y[i] = broadcastLeft[c == 1 ? 0 : i % c] - right[i];
    }

    public static void Relu(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Max(x[..y.Length], 0f, y);

    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Sigmoid(x[..y.Length], y);

    /// <summary>PReLU with alpha per channel (last axis) or one alpha for all.</summary>
    public static void Prelu(float[] x, float[] alpha, float[] y, int n)
    {
        int c = alpha.Length;
        fixed (float* px = x, pa = alpha, py = y)
        {
            if (c % 8 == 0 && c > 0)
            {
                for (int i = 0; i < n; i += c)
                    for (int ch = 0; ch < c; ch += 8)
                    {
                        Vector256<float> v = Vector256.Load(px + i + ch);
                        Vector256.Store(Gemm.Activate(v, Activation.Prelu, Vector256.Load(pa + ch)), py + i + ch);
                    }
                return;
            }
            for (int i = 0; i < n; i++)
            {
                float v = px[i];
                py[i] = v < 0 ? pa[c == 1 ? 0 : i % c] * v : v;
            }
        }
    }

    /// <summary>Softmax over the last axis (length c).</summary>
    public static void Softmax(ReadOnlySpan<float> x, Span<float> y, int c)
    {
        for (int i = 0; i < y.Length; i += c) TensorPrimitives.SoftMax(x.Slice(i, c), y.Slice(i, c));
    }
}

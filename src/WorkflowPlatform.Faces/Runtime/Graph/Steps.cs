using WorkflowPlatform.Faces.Runtime.Kernels;

namespace WorkflowPlatform.Faces.Runtime.Graph;

/// <summary>One executable operation of a compiled graph: reads value slots, writes one value slot.
/// Shapes are fixed at load, so steps carry everything they need except the buffers.</summary>
internal abstract class Step(string name, int[] inputs, int output, int[] outShape)
{
    public string Name { get; } = name;
    public int[] Inputs { get; set; } = inputs;
    public int Output { get; set; } = output;
    public int[] OutShape { get; set; } = outShape;
    public int OutLength => (int)Tensor.ElementCount(OutShape);
    public abstract void Execute(float[][] values);
}

internal sealed class ConvStep(string name, int input, int output, int[] inShape, int[] outShape, Conv2D conv, int padTop, int padLeft)
    : Step(name, [input], output, outShape)
{
    public Conv2D Conv { get; private set; } = conv;
    public int Residual { get; private set; } = -1;
    public Activation PostAct { get; private set; } = Activation.None;
    public float[]? PostAlpha { get; private set; }

    /// <summary>Folds "+ residual" into the epilogue (the conv must have no activation of its own).</summary>
    public void FuseResidual(int residual)
    {
        Residual = residual;
        Inputs = [Inputs[0], residual];
    }

    public void FuseActivation(Conv2D withActivation) => Conv = withActivation;

    /// <summary>The depthwise convolution computed inside this 1×1 convolution, if fused.</summary>
    public DepthwiseStep? Depthwise { get; private set; }

    public bool IsPointwise => Conv.KH == 1 && Conv.KW == 1 && Conv.StrideH == 1 && Conv.StrideW == 1 && padTop == 0 && padLeft == 0;

    public void FuseDepthwise(DepthwiseStep dw)
    {
        Depthwise = dw;
        Inputs[0] = dw.Inputs[0];
    }

    public override void Execute(float[][] v)
    {
        if (Depthwise != null)
        {
            Depthwise.ExecuteInto(Conv, v[Inputs[0]], v[Output], Residual < 0 ? null : v[Residual]);
            return;
        }
        Conv.Execute(v[Inputs[0]], inShape[1], inShape[2], v[Output], OutShape[1], OutShape[2], padTop, padLeft,
            Residual < 0 ? null : v[Residual]);
    }
}

internal sealed class DepthwiseStep(string name, int input, int output, int[] inShape, int[] outShape, DepthwiseConv2D dw, int padTop, int padLeft)
    : Step(name, [input], output, outShape)
{
    public DepthwiseConv2D Kernel => dw;

    public override void Execute(float[][] v) =>
        dw.Execute(v[Inputs[0]], inShape[1], inShape[2], v[Output], OutShape[1], OutShape[2], padTop, padLeft);

    /// <summary>Runs <paramref name="pointwise"/> on this depthwise's output without materialising it.</summary>
    public void ExecuteInto(Conv2D pointwise, float[] x, float[] y, float[]? residual) =>
        pointwise.ExecuteAfterDepthwise(dw, x, inShape[1], inShape[2], y, OutShape[1], OutShape[2], padTop, padLeft, residual);
}

internal sealed class PoolStep(string name, int input, int output, int[] inShape, int[] outShape, bool max, int kh, int kw, int sh, int sw, int padTop, int padLeft)
    : Step(name, [input], output, outShape)
{
    public override void Execute(float[][] v) =>
        Pooling.Execute(max, v[Inputs[0]], inShape[1], inShape[2], inShape[3], v[Output], OutShape[1], OutShape[2], kh, kw, sh, sw, padTop, padLeft);
}

/// <summary>Binary op of two runtime values of one shape, or of a runtime value and a broadcast constant.</summary>
internal sealed class BinaryStep : Step
{
    private readonly Elementwise.BinaryOp _op;
    private readonly float[]? _const;
    private readonly bool _constOnLeft;

    public BinaryStep(string name, Elementwise.BinaryOp op, int a, int b, int output, int[] outShape)
        : base(name, [a, b], output, outShape) => _op = op;

    public BinaryStep(string name, Elementwise.BinaryOp op, int a, float[] constant, bool constOnLeft, int output, int[] outShape)
        : base(name, [a], output, outShape)
    {
        _op = op;
        _const = constant;
        _constOnLeft = constOnLeft;
    }

    public Elementwise.BinaryOp Op => _op;
    public bool HasConstant => _const != null;

    public override void Execute(float[][] v)
    {
        int n = OutLength;
        Span<float> y = v[Output].AsSpan(0, n);
        if (_const == null)
            Elementwise.Binary(_op, v[Inputs[0]].AsSpan(0, n), v[Inputs[1]].AsSpan(0, n), y);
        else if (_constOnLeft)
            Elementwise.BinaryReversed(_op, _const, v[Inputs[0]].AsSpan(0, n), y);
        else
            Elementwise.Binary(_op, v[Inputs[0]].AsSpan(0, n), _const, y);
    }
}

internal enum UnaryKind { Relu, Sigmoid, Prelu, Softmax, Copy }

internal sealed class UnaryStep(string name, UnaryKind kind, int input, int output, int[] outShape, float[]? alpha = null)
    : Step(name, [input], output, outShape)
{
    public UnaryKind Kind { get; } = kind;
    public float[]? Alpha { get; } = alpha;

    public override void Execute(float[][] v)
    {
        int n = OutLength;
        float[] x = v[Inputs[0]], y = v[Output];
        switch (Kind)
        {
            case UnaryKind.Relu: Elementwise.Relu(x, y.AsSpan(0, n)); break;
            case UnaryKind.Sigmoid: Elementwise.Sigmoid(x, y.AsSpan(0, n)); break;
            case UnaryKind.Prelu: Elementwise.Prelu(x, Alpha!, y, n); break;
            case UnaryKind.Softmax: Elementwise.Softmax(x, y.AsSpan(0, n), OutShape[^1]); break;
            default: x.AsSpan(0, n).CopyTo(y); break;
        }
    }
}

/// <summary>Zero padding of a 4-D NHWC tensor (the graphs use it to append channels).</summary>
internal sealed class PadStep(string name, int input, int output, int[] inShape, int[] outShape, int[] before)
    : Step(name, [input], output, outShape)
{
    public override void Execute(float[][] v)
    {
        float[] x = v[Inputs[0]], y = v[Output];
        int ow = OutShape[2], oc = OutShape[3];
        int h = inShape[1], w = inShape[2], c = inShape[3];
        y.AsSpan(0, OutLength).Clear();
        for (int yy = 0; yy < h; yy++)
            for (int xx = 0; xx < w; xx++)
                x.AsSpan((yy * w + xx) * c, c).CopyTo(y.AsSpan(((yy + before[1]) * ow + xx + before[2]) * oc + before[3], c));
    }
}

/// <summary>[1, K] × [K, N] + bias, optional ReLU (TF.js _FusedMatMul / MatMul with a constant right side).</summary>
internal sealed class MatMulStep(string name, int input, int output, int[] outShape, float[] weights, int k, int n, float[]? bias, bool relu)
    : Step(name, [input], output, outShape)
{
    public override void Execute(float[][] v)
    {
        int rows = OutLength / n;
        float[] x = v[Inputs[0]], y = v[Output];
        for (int r = 0; r < rows; r++)
            Dense.Forward(x.AsSpan(r * k, k), weights, bias, y.AsSpan(r * n, n), relu);
    }
}

using WorkflowPlatform.Faces.Runtime;
using Xunit;

namespace WorkflowPlatform.Faces.Tests.Runtime;

public sealed class GraphModelTests
{
    [Fact]
    public void Load_BlazeFace_ExposesSignatureOrderAndShapes()
    {
        GraphModel m = RuntimeModels.Graph("blazeface");

        Assert.Equal("input", m.InputName);
        Assert.Equal(new[] { 1, 256, 256, 3 }, m.InputShape);
        Assert.Equal(new[] { "Identity_3:0", "Identity:0", "Identity_1:0", "Identity_2:0" }, m.OutputNames);
        Assert.Equal(new[] { "Identity_3", "Identity", "Identity_1", "Identity_2" }, m.OutputNodes);
        Assert.Equal(new[] { 1, 384, 16 }, m.OutputShapes[0]);
        Assert.Equal(new[] { 1, 512, 1 }, m.OutputShapes[1]);
    }

    [Fact]
    public void Load_FaceMesh_NamesOutputsBySignature()
    {
        GraphModel m = RuntimeModels.Graph("facemesh");

        Assert.Equal(new[] { "output_mesh", "output_faceflag", "output_contours" }, m.OutputNames);
        Assert.Equal(new[] { 1, 1404 }, m.OutputShapes[0]);
    }

    [Fact]
    public void Load_BlazeFace_FusesResidualAddAndRelu()
    {
        // 37 convs + 32 depthwise + 31 add + 31 relu + 3 pools + 2 pads + 4 reshapes before fusion.
        GraphModel m = RuntimeModels.Graph("blazeface");

        Assert.True(m.StepCount < 90, $"{m.StepCount} steps: residual add + relu were not fused");
    }

    [Fact]
    public void Run_WrongInputShape_ThrowsArgumentException()
    {
        GraphModel m = RuntimeModels.Graph("liveness");

        var e = Assert.Throws<ArgumentException>(() => m.Run(new Tensor([1, 31, 32, 3])));

        Assert.Contains("[1,32,32,3]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_HwcInput_AcceptedForBatchOne()
    {
        GraphModel m = RuntimeModels.Graph("liveness");
        var x = new Tensor([32, 32, 3]);
        x.Span.Fill(0.5f);

        IReadOnlyList<Tensor> y = m.Run(x);

        Assert.Equal(1f, y[0].Data[0] + y[0].Data[1], 1e-5f);
    }

    [Fact]
    public void Run_ConcurrentCalls_GiveIdenticalResults()
    {
        GraphModel m = RuntimeModels.Graph("facemesh");
        var inputs = Enumerable.Range(0, 4).Select(seed =>
            new Tensor(RuntimeInputs.Normalise(RuntimeInputs.Bytes("noise", seed + 10, 192, 192), "unit"), [1, 192, 192, 3])).ToArray();
        float[][] sequential = inputs.Select(x => m.Run(x)[0].Data).ToArray();

        var parallel = new float[16][];
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = m.Run(inputs[i % 4])[0].Data);

        for (int i = 0; i < 16; i++) Assert.Equal(sequential[i % 4], parallel[i]);
    }

    [Fact]
    public void Compute_ConcurrentCalls_GiveIdenticalDescriptors()
    {
        DlibFaceNet net = RuntimeModels.Dlib;
        byte[][] chips = Enumerable.Range(0, 3).Select(s => RuntimeInputs.Bytes("pattern", s, 150, 150)).ToArray();
        float[][] sequential = chips.Select(c => net.ComputeFromRgb(c)).ToArray();

        var parallel = new float[12][];
        Parallel.For(0, 12, new ParallelOptions { MaxDegreeOfParallelism = 6 }, i => parallel[i] = net.ComputeFromRgb(chips[i % 3]));

        for (int i = 0; i < 12; i++) Assert.Equal(sequential[i % 3], parallel[i]);
    }

    [Fact]
    public void Compute_WrongChipLength_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => RuntimeModels.Dlib.Compute(new float[150 * 150 * 3 - 1]));
        Assert.Throws<ArgumentException>(() => DlibFaceNet.Normalize(new byte[10]));
    }

    [Fact]
    public void Normalize_Bytes_SubtractsFaceApiMeanAndDividesBy255()
    {
        var chip = new byte[150 * 150 * 3];
        chip[0] = 255; chip[1] = 0; chip[2] = 104;

        float[] x = DlibFaceNet.Normalize(chip);

        Assert.Equal((255f - 122.782f) / 255f, x[0]);
        Assert.Equal((0f - 117.001f) / 255f, x[1]);
        Assert.Equal((104f - 104.298f) / 255f, x[2]);
    }

    [Fact]
    public void TensorConstructor_LengthMismatch_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Tensor(new float[5], [1, 2, 3]));
    }
}

using Xunit;
using System.Text.Json;
using WorkflowPlatform.Faces.Runtime;
using Xunit.Abstractions;

namespace WorkflowPlatform.Faces.Tests.Runtime;

/// <summary>C# outputs vs TF.js 4.22 (wasm backend) on deterministic inputs: two fixture sets, ours
/// (Runtime/Fixtures, made by Runtime/Reference/make-fixtures.mjs) and faceops' (Fixtures/parity).</summary>
public sealed class ModelParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-3;

    public static TheoryData<string, int> RuntimeCases => new()
    {
        { "blazeface", 0 }, { "blazeface", 1 }, { "facemesh", 0 }, { "facemesh", 1 },
        { "antispoof", 0 }, { "antispoof", 1 }, { "liveness", 0 }, { "liveness", 1 },
    };

    [Theory]
    [MemberData(nameof(RuntimeCases))]
    public void Run_RuntimeFixture_MatchesTfjsWithin1e3(string model, int caseIndex)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(RuntimeTestFiles.RuntimeFixture(model + ".json")));
        JsonElement input = doc.RootElement.GetProperty("input");
        JsonElement c = doc.RootElement.GetProperty("cases")[caseIndex];
        int size = input.GetProperty("size").GetInt32();
        byte[] bytes = RuntimeInputs.Bytes(c.GetProperty("kind").GetString()!, c.GetProperty("seed").GetInt32(), size, size);
        var x = new Tensor(RuntimeInputs.Normalise(bytes, input.GetProperty("mode").GetString()!), [1, size, size, 3]);

        IReadOnlyList<Tensor> outputs = RuntimeModels.Graph(model).Run(x);

        JsonElement expected = c.GetProperty("outputs");
        Assert.Equal(expected.GetArrayLength(), outputs.Count);
        for (int i = 0; i < outputs.Count; i++)
        {
            JsonElement e = expected[i];
            Assert.Equal(e.GetProperty("name").GetString(), outputs[i].Name);
            Assert.Equal(e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()), outputs[i].Shape);
            double diff = MaxAbsDiff(outputs[i].Data, e.GetProperty("stride").GetInt32(), e.GetProperty("values"));
            output.WriteLine($"{model} case {caseIndex} {outputs[i].Name}: max abs diff {diff:E2}");
            Assert.True(diff <= Tolerance, $"{model} {outputs[i].Name}: max abs diff {diff} > {Tolerance}");
        }
    }

    [Theory]
    [InlineData("blazeface")]
    [InlineData("facemesh")]
    [InlineData("antispoof")]
    [InlineData("liveness")]
    public void Run_FaceopsParityFixture_MatchesTfjsWithin1e3(string model)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(RuntimeTestFiles.ParityFixture(model + ".json")));
        JsonElement input = doc.RootElement.GetProperty("input");
        int[] shape = input.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        uint a = unchecked((uint)input.GetProperty("seed").GetInt32());
        var bytes = new byte[shape[1] * shape[2] * shape[3]];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)(RuntimeInputs.Next(ref a) >> 24);
        string norm = input.GetProperty("normalisation").GetString()!;
        float[] data = RuntimeInputs.Normalise(bytes, norm.Contains("127.5", StringComparison.Ordinal) ? "pm1" : "unit");
        Assert.Equal(input.GetProperty("sum").GetDouble(), data.Sum(v => (double)v), 1);

        GraphModel graph = RuntimeModels.Graph(model);
        IReadOnlyList<Tensor> outputs = graph.Run(new Tensor(data, shape));

        foreach (JsonElement e in doc.RootElement.GetProperty("outputs").EnumerateArray())
        {
            string node = e.GetProperty("name").GetString()!;
            int index = graph.OutputNodes.ToList().IndexOf(node);
            Assert.True(index >= 0, $"{model}: no output from node {node}");
            Assert.Equal(e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()), outputs[index].Shape);
            double diff = MaxAbsDiff(outputs[index].Data, e.GetProperty("stride").GetInt32(), e.GetProperty("values"));
            output.WriteLine($"{model} {node}: max abs diff {diff:E2}");
            Assert.True(diff <= Tolerance, $"{model} {node}: max abs diff {diff} > {Tolerance}");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Compute_RuntimeFixtureChip_MatchesFaceApiDescriptor(int caseIndex)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(RuntimeTestFiles.RuntimeFixture("dlib.json")));
        JsonElement c = doc.RootElement.GetProperty("cases")[caseIndex];
        byte[] chip = RuntimeInputs.Bytes(c.GetProperty("kind").GetString()!, c.GetProperty("seed").GetInt32(), 150, 150);
        float[] expected = c.GetProperty("outputs")[0].GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray();

        float[] actual = RuntimeModels.Dlib.Compute(DlibFaceNet.Normalize(chip));

        AssertDescriptor(expected, actual, $"runtime case {caseIndex}");
    }

    [Fact]
    public void Compute_FaceopsParityChips_MatchFaceApiDescriptor()
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(RuntimeTestFiles.ParityFixture("dlib.json")));
        foreach (JsonElement c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            uint a = unchecked((uint)c.GetProperty("seed").GetInt32());
            var chip = new byte[150 * 150 * 3];
            for (int i = 0; i < chip.Length; i++) chip[i] = (byte)(RuntimeInputs.Next(ref a) >> 24);
            float[] expected = c.GetProperty("descriptor").EnumerateArray().Select(v => v.GetSingle()).ToArray();

            float[] actual = RuntimeModels.Dlib.ComputeFromRgb(chip);

            AssertDescriptor(expected, actual, $"faceops seed {c.GetProperty("seed").GetInt32()}");
        }
    }

    private void AssertDescriptor(float[] expected, float[] actual, string label)
    {
        Assert.Equal(128, actual.Length);
        double dot = 0, ne = 0, na = 0, max = 0;
        for (int i = 0; i < 128; i++)
        {
            dot += expected[i] * (double)actual[i];
            ne += expected[i] * (double)expected[i];
            na += actual[i] * (double)actual[i];
            max = Math.Max(max, Math.Abs(expected[i] - actual[i]));
        }
        double cosine = dot / Math.Sqrt(ne * na);
        output.WriteLine($"dlib {label}: cosine {cosine:F8}, max abs diff {max:E2}");
        Assert.True(cosine >= 0.9999, $"cosine {cosine}");
        Assert.True(max <= Tolerance, $"max abs diff {max}");
    }

    private static double MaxAbsDiff(float[] actual, int stride, JsonElement values)
    {
        double max = 0;
        int i = 0;
        foreach (JsonElement v in values.EnumerateArray())
        {
            max = Math.Max(max, Math.Abs(actual[i * stride] - v.GetDouble()));
            i++;
        }
        Assert.True(i > 0);
        return max;
    }
}

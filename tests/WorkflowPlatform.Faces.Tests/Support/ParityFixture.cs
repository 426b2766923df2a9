using Xunit;
using System.Text.Json;

namespace WorkflowPlatform.Faces.Tests.Support;

/// <summary>Reads Fixtures/parity/*.json made by tools/parity/parity.mjs.</summary>
public static class ParityFixture
{
    public static JsonDocument Open(string name) => JsonDocument.Parse(File.ReadAllBytes(TestPaths.Fixture(Path.Combine("parity", name))));

    public static float[] Floats(JsonElement array)
    {
        var r = new float[array.GetArrayLength()];
        var i = 0;
        foreach (var v in array.EnumerateArray()) r[i++] = v.GetSingle();
        return r;
    }

    /// <summary>Max |expected − actual| over the strided values of one fixture output.</summary>
    public static double MaxAbsDiff(JsonElement output, ReadOnlySpan<float> actual)
    {
        var stride = output.GetProperty("stride").GetInt32();
        var values = Floats(output.GetProperty("values"));
        Assert.Equal(output.GetProperty("count").GetInt32(), actual.Length);
        double max = 0;
        for (var i = 0; i < values.Length; i++) max = Math.Max(max, Math.Abs(values[i] - actual[i * stride]));
        return max;
    }
}

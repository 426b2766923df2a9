using Xunit;
using WorkflowPlatform.Faces.Preprocessing;
using WorkflowPlatform.Faces.Tests.Support;

namespace WorkflowPlatform.Faces.Tests.Pipeline;

[Collection(ModelsCollection.Name)]
public sealed class EmbeddingParityTests(ModelsFixture models)
{
    [Fact]
    public void DlibCompute_SeededChips_MatchFaceApi()
    {
        using var doc = ParityFixture.Open("dlib.json");
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var chip = Mulberry32.Bytes(c.GetProperty("seed").GetUInt32(), 150 * 150 * 3);
            ModelInputs.ToDlib(chip);
            var actual = models.Analyzer.Models.Dlib.Compute(chip);
            var expected = ParityFixture.Floats(c.GetProperty("descriptor"));
            var max = 0.0;
            for (var i = 0; i < 128; i++) max = Math.Max(max, Math.Abs(expected[i] - actual[i]));
            Assert.True(max < 1e-3, $"seed {c.GetProperty("seed")}: max abs diff {max}; expected[0..3]={string.Join(",", expected[..4])} actual={string.Join(",", actual[..4])}");
        }
    }
}

using WorkflowPlatform.Faces.Matching;
using Xunit;

namespace WorkflowPlatform.Faces.Tests.Matching;

public sealed class FaceTemplateTests
{
    internal static float[] RandomVector(Random rng, int dim = 128, float scale = 0.13f)
    {
        var v = new float[dim];
        for (var i = 0; i < dim; i++) v[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return v;
    }

    [Fact]
    public void ToBytes_RoundTrip_PreservesEverything()
    {
        var t = FaceTemplate.FromDlib(RandomVector(new Random(1)));
        var bytes = t.ToBytes();
        var back = FaceTemplate.FromBytes(bytes);
        Assert.Equal(538, bytes.Length);
        Assert.Equal(FaceTemplate.DlibModelId, back.ModelId);
        Assert.Equal(FaceTemplate.DlibModelVersion, back.ModelVersion);
        Assert.True(t.Vector.SequenceEqual(back.Vector));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(20)]
    [InlineData(537)]
    public void FromBytes_Truncated_ThrowsTemplateInvalid(int length)
    {
        var bytes = FaceTemplate.FromDlib(new float[128]).ToBytes()[..length];
        var ex = Assert.Throws<FaceTemplateFormatException>(() => FaceTemplate.FromBytes(bytes));
        Assert.Equal("TEMPLATE_INVALID", ex.Code);
    }

    [Fact]
    public void FromBytes_WrongMagicOrVersion_Throws()
    {
        var bytes = FaceTemplate.FromDlib(new float[128]).ToBytes();
        bytes[0] = (byte)'X';
        Assert.Throws<FaceTemplateFormatException>(() => FaceTemplate.FromBytes(bytes));
        bytes[0] = (byte)'W';
        bytes[3] = 9;
        Assert.Throws<FaceTemplateFormatException>(() => FaceTemplate.FromBytes(bytes));
    }

    [Fact]
    public void FromBytes_NaNValue_Throws()
    {
        var bytes = FaceTemplate.FromDlib(new float[128]).ToBytes();
        BitConverter.GetBytes(float.NaN).CopyTo(bytes, bytes.Length - 4);
        Assert.Throws<FaceTemplateFormatException>(() => FaceTemplate.FromBytes(bytes));
    }

    [Fact]
    public void FromBytes_RandomGarbage_NeverThrowsAnythingElse()
    {
        var rng = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var data = new byte[rng.Next(0, 700)];
            rng.NextBytes(data);
            if (data.Length > 3) { data[0] = (byte)'W'; data[1] = (byte)'F'; data[2] = (byte)'T'; data[3] = 1; }
            try { FaceTemplate.FromBytes(data); }
            catch (FaceTemplateFormatException) { }
        }
    }

    [Fact]
    public void Compare_SameVector_DistanceZeroSimilarityOne()
    {
        var v = RandomVector(new Random(2));
        var r = new FaceMatcher().Compare(FaceTemplate.FromDlib(v), FaceTemplate.FromDlib(v));
        Assert.Equal(0, r.Distance, 6);
        Assert.Equal(1, r.Similarity, 6);
        Assert.True(r.IsMatch);
    }

    [Fact]
    public void Compare_KnownDistance_MapsSimilarityAndThreshold()
    {
        var a = new float[128];
        var b = new float[128];
        b[0] = 0.6f;
        var r = new FaceMatcher().Compare(FaceTemplate.FromDlib(a), FaceTemplate.FromDlib(b));
        Assert.Equal(0.6, r.Distance, 6);
        Assert.Equal(0.5, r.Similarity, 6);
        b[0] = 0.599f;
        Assert.True(new FaceMatcher().Compare(FaceTemplate.FromDlib(a), FaceTemplate.FromDlib(b)).IsMatch);
        b[0] = 0.601f;
        Assert.False(new FaceMatcher().Compare(FaceTemplate.FromDlib(a), FaceTemplate.FromDlib(b)).IsMatch);
        b[0] = 2f;
        Assert.Equal(0, new FaceMatcher().Compare(FaceTemplate.FromDlib(a), FaceTemplate.FromDlib(b)).Similarity);
    }

    [Fact]
    public void Compare_DifferentModels_ThrowsMismatch()
    {
        var a = FaceTemplate.FromDlib(new float[128]);
        var b = new FaceTemplate("other-model", 1, new float[128]);
        var ex = Assert.Throws<FaceTemplateMismatchException>(() => new FaceMatcher().Compare(a, b));
        Assert.Equal("TEMPLATE_MODEL_MISMATCH", ex.Code);
        Assert.Throws<FaceTemplateMismatchException>(() => new FaceMatcher().Compare(a, new FaceTemplate(FaceTemplate.DlibModelId, 2, new float[128])));
    }

    [Fact]
    public void SimilarityMapping_IsMonotonicAndInvertible()
    {
        var prev = 2.0;
        for (var d = 0.0; d <= 1.5; d += 0.05)
        {
            var s = FaceMatcher.SimilarityFromDistance(d);
            Assert.InRange(s, 0, 1);
            Assert.True(s <= prev);
            prev = s;
            if (s > 0) Assert.Equal(d, FaceMatcher.DistanceFromSimilarity(s), 9);
        }
    }
}

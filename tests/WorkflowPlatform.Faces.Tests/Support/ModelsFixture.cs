using Xunit;
using WorkflowPlatform.Faces.Runtime;

namespace WorkflowPlatform.Faces.Tests.Support;

/// <summary>
/// Loads the real models once for the model tests. When the files are missing the tests FAIL (not skip) with
/// the loader's message, which names the file and says to run <c>npm ci --prefix models</c>.
/// </summary>
public sealed class ModelsFixture
{
    private readonly Lazy<FaceAnalyzer> _analyzer = new(() =>
    {
        var dir = Environment.GetEnvironmentVariable(FaceModels.ModelsDirVariable) is { Length: > 0 } env ? env : Path.Combine(TestPaths.RepoRoot, "models");
        try
        {
            return new FaceAnalyzer(FaceModels.Load(dir));
        }
        catch (ModelLoadException e)
        {
            throw new InvalidOperationException($"Face models are not installed: {e.Message}", e);
        }
    });

    /// <summary>The analyser over the real models.</summary>
    public FaceAnalyzer Analyzer => _analyzer.Value;
}

[CollectionDefinition(Name)]
public sealed class ModelsCollection : ICollectionFixture<ModelsFixture>
{
    public const string Name = "face models";
}

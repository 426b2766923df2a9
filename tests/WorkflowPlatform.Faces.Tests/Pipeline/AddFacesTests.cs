using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WorkflowPlatform.Faces.Matching;
using WorkflowPlatform.Faces.Tests.Support;
using Xunit;

namespace WorkflowPlatform.Faces.Tests.Pipeline;

public sealed class AddFacesTests
{
    private static IHost Build(Action<FacesOptions> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddFaces(configure);
        return builder.Build();
    }

    [Fact]
    public async Task Start_ModelsMissing_FailsNamingFileAndRestoreCommand()
    {
        var dir = Path.Combine(Path.GetTempPath(), "wfp-no-models-" + Guid.NewGuid().ToString("N"));
        using var host = Build(o => o.ModelsPath = dir);
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("blazeface.json", ex.Message);
        Assert.Contains("npm ci --prefix models", ex.Message);
    }

    [Fact]
    public async Task Start_CorruptModelFile_FailsNamingThatFile()
    {
        // Copy the real models directory layout, then truncate the FaceMesh weights.
        var src = Path.Combine(TestPaths.RepoRoot, "models");
        var dir = Path.Combine(Path.GetTempPath(), "wfp-corrupt-models-" + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (var rel in new[] { FaceModels.BlazeFaceFile, FaceModels.FaceMeshFile, FaceModels.AntispoofFile, FaceModels.LivenessFile })
            {
                foreach (var file in new[] { rel, Path.ChangeExtension(rel, ".bin") })
                {
                    var from = Path.Combine(src, file);
                    if (!File.Exists(from)) throw new InvalidOperationException($"Face models are not installed ({from} missing): run `npm ci --prefix models`.");
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dir, file))!);
                    File.Copy(from, Path.Combine(dir, file));
                }
            }
            var bin = Path.Combine(dir, Path.ChangeExtension(FaceModels.FaceMeshFile, ".bin"));
            var bytes = File.ReadAllBytes(bin);
            File.WriteAllBytes(bin, bytes[..(bytes.Length / 2)]);
            using var host = Build(o => o.ModelsPath = dir);
            var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
            Assert.Contains("facemesh", ex.Message);
            Assert.Contains("npm ci --prefix models", ex.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Start_ModelsPresent_RegistersSharedServices()
    {
        using var host = Build(o => o.ModelsPath = Path.Combine(TestPaths.RepoRoot, "models"));
        await host.StartAsync();
        var analyzer = host.Services.GetRequiredService<FaceAnalyzer>();
        Assert.Same(analyzer.Models, host.Services.GetRequiredService<FaceModels>());
        Assert.Equal(0.6, host.Services.GetRequiredService<FaceMatcher>().Threshold);
        Assert.NotNull(host.Services.GetRequiredService<FaceGalleryRegistry>());
        var a = analyzer.Analyze(TestPaths.Load("kit2.jpg"));
        Assert.Single(a.Faces);
        await host.StopAsync();
    }

    [Fact]
    public async Task Start_InvalidThreshold_Fails()
    {
        using var host = Build(o => { o.ModelsPath = Path.Combine(TestPaths.RepoRoot, "models"); o.MatchThreshold = -1; });
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("MatchThreshold", ex.Message);
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WorkflowPlatform.Faces.Matching;
using WorkflowPlatform.Faces.Runtime;

namespace WorkflowPlatform.Faces;

/// <summary>Options of the face engine.</summary>
public sealed class FacesOptions
{
    /// <summary>
    /// Directory holding <c>node_modules/@vladmandic/human</c> and <c>…/face-api</c> (the repository's <c>models/</c>,
    /// filled by <c>npm ci --prefix models</c>). Default: <see cref="FaceModels.DefaultDirectory"/>.
    /// </summary>
    public string? ModelsPath { get; set; }

    /// <summary>Distance threshold of 1:1 matching. Default 0.6.</summary>
    public double MatchThreshold { get; set; } = FaceMatcher.DefaultThreshold;
}

/// <summary>Loads the models once; shared by the options validator (start-up) and the services.</summary>
internal sealed class FaceModelStore
{
    private readonly Lock _gate = new();
    private FaceModels? _models;

    public FaceModels Get(FacesOptions options)
    {
        lock (_gate) return _models ??= FaceModels.Load(options.ModelsPath);
    }
}

internal sealed class FacesOptionsValidator(FaceModelStore store) : IValidateOptions<FacesOptions>
{
    public ValidateOptionsResult Validate(string? name, FacesOptions options)
    {
        if (!(options.MatchThreshold > 0) || !double.IsFinite(options.MatchThreshold))
            return ValidateOptionsResult.Fail($"Faces:MatchThreshold must be a positive number, got {options.MatchThreshold}.");
        try
        {
            store.Get(options);
            return ValidateOptionsResult.Success;
        }
        catch (ModelLoadException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}

/// <summary>Registration of the face engine.</summary>
public static class FacesServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="FaceModels"/>, <see cref="FaceAnalyzer"/>, <see cref="FaceMatcher"/> and
    /// <see cref="FaceGalleryRegistry"/> as singletons. The models load once, at start-up (options validation on
    /// start): a missing or corrupt file stops the host with a message naming it and <c>npm ci --prefix models</c>.
    /// </summary>
    public static IServiceCollection AddFaces(this IServiceCollection services, Action<FacesOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<FacesOptions>();
        if (configure is not null) builder.Configure(configure);
        builder.ValidateOnStart();
        services.TryAddSingleton<FaceModelStore>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FacesOptions>, FacesOptionsValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<FaceModelStore>().Get(sp.GetRequiredService<IOptions<FacesOptions>>().Value));
        services.TryAddSingleton(sp => new FaceAnalyzer(sp.GetRequiredService<FaceModels>()));
        services.TryAddSingleton(sp => new FaceMatcher(sp.GetRequiredService<IOptions<FacesOptions>>().Value.MatchThreshold));
        services.TryAddSingleton<FaceGalleryRegistry>();
        return services;
    }
}

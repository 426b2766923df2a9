using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WorkflowPlatform.Engine;
using WorkflowPlatform.Verification.Capture;
using WorkflowPlatform.Verification.Modules;
using WorkflowPlatform.Verification.Photos;
using WorkflowPlatform.Verification.Profiles;

namespace WorkflowPlatform.Verification;

/// <summary>DI entry point of the verification services.</summary>
public static class VerificationServiceCollectionExtensions
{
    /// <summary>
    /// Registers the face modules (<c>selfie_registration</c>, <c>face_authentication</c>, <c>photo_enroll</c>) with the
    /// engine, and <see cref="SelfieCapture"/>, <see cref="UserProfiles"/>, <see cref="WorkspaceGalleries"/>,
    /// <see cref="PhotoUrls"/>, <see cref="PhotoRetention"/>. Needs <c>AddFaces</c>, <c>AddWorkflowEngine</c>, an
    /// <see cref="IBlobStore"/> and an <see cref="IUserProfileStore"/> (Storage's <c>AddBlobStore</c> / <c>AddUserProfiles</c>).
    /// </summary>
    public static WorkflowEngineBuilder AddVerification(this WorkflowEngineBuilder engine, Action<VerificationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        engine.Services.AddVerification(configure);
        return engine
            .AddModule<SelfieRegistrationModule>()
            .AddModule<FaceAuthenticationModule>()
            .AddModule<PhotoEnrollModule>();
    }

    /// <summary>The services of <see cref="AddVerification(WorkflowEngineBuilder, Action{VerificationOptions}?)"/> without the modules.</summary>
    public static IServiceCollection AddVerification(this IServiceCollection services, Action<VerificationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<VerificationOptions>().BindConfiguration(VerificationOptions.SectionName);
        if (configure is not null)
            options.Configure(configure);
        options.Validate(o => o.MaxConcurrentAnalyses >= 1 && o.MaxImageBytes > 0 && o.MaxImagePixels > 0 && o.PhotoUrlLifetime > TimeSpan.Zero,
            "Verification options out of range (MaxConcurrentAnalyses ≥ 1, positive image limits and photo URL lifetime).");
        options.Validate(o => o.PhotoUrlKey is null || o.PhotoUrlKey.Length >= 32, "The photo URL key must be at least 32 bytes.");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SelfieCapture>();
        services.TryAddSingleton<WorkspaceGalleries>();
        services.TryAddSingleton<UserProfiles>();
        services.TryAddSingleton<PhotoUrls>();
        services.TryAddSingleton<PhotoRetention>();
        return services;
    }
}

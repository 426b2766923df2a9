using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WorkflowPlatform.Engine;
using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Engine.Scheduling;
using WorkflowPlatform.Faces;
using WorkflowPlatform.Server.Enrolment.Tokens;
using WorkflowPlatform.Server.VerificationWays;
using WorkflowPlatform.Storage;
using WorkflowPlatform.Storage.Blobs;
using WorkflowPlatform.Storage.Workflows;
using WorkflowPlatform.Verification;
using WorkflowPlatform.Verification.Modules;

namespace WorkflowPlatform.Server.Enrolment;

/// <summary>Settings of the selfie path. Section <c>Enrolment</c>.</summary>
public sealed class EnrolmentOptions
{
    public const string SectionName = "Enrolment";

    /// <summary>
    /// Public origin the links point at (<c>https://verify.example.com</c>). Default: the scheme and host of the API call
    /// that created the request, which is right when the API and the capture app are reached under one name.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Largest decoded upload in bytes (<c>IMAGE_TOO_LARGE</c> above). Default 15 MiB.</summary>
    public int MaxImageBytes { get; set; } = 15 * 1024 * 1024;

    /// <summary>Branding colour shown by the capture app. Default <c>#1f6feb</c>.</summary>
    public string PrimaryColor { get; set; } = "#1f6feb";
}

public static class EnrolmentSetup
{
    /// <summary>
    /// The selfie path: session tokens (key file under the data folder unless keys are configured), the face engine,
    /// the blob store, the workflow engine on the EF stores with the verification modules (each only when no earlier
    /// registration added it), the requests service and the verification ways.
    /// </summary>
    public static IServiceCollection AddEnrolment(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EnrolmentOptions>().BindConfiguration(EnrolmentOptions.SectionName)
            .Validate(o => o.PublicBaseUrl is null || Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out _), "Enrolment:PublicBaseUrl must be an absolute URL.")
            .Validate(o => o.MaxImageBytes > 0, "Enrolment:MaxImageBytes must be positive.")
            .ValidateOnStart();

        services.AddOptions<SessionTokenOptions>().BindConfiguration("SessionTokens")
            .PostConfigure<IOptions<StorageOptions>>((o, storage) =>
                o.KeyFile ??= Path.Combine(Path.GetFullPath(storage.Value.DataPath), "keys", "session-keys.json"));
        services.TryAddSingleton<ISigningKeyRing, ConfiguredSigningKeyRing>();
        services.TryAddSingleton<SessionTokenService>();

        services.AddFaces(o => o.ModelsPath ??= configuration["Faces:ModelsPath"]);
        services.AddBlobStore(configuration);
        if (!services.Any(d => d.ServiceType == typeof(WorkflowEngine)))
            services.AddWorkflowEngine().UseEfStores();
        // The engine-store branch registers the Quartz-backed scheduler; until then timers and expiry are
        // kept in process and expiry is also applied when a request is read.
        services.TryAddSingleton<InMemoryWorkflowScheduler>();
        services.TryAddSingleton<IWorkflowScheduler>(sp => sp.GetRequiredService<InMemoryWorkflowScheduler>());
        if (!services.Any(d => d.ServiceType == typeof(SelfieRegistrationModule)))
            services.AddVerificationModules();

        services.TryAddSingleton<RequestService>();
        services.TryAddSingleton<EnrolmentService>();
        services.AddVerificationWays(configuration);
        return services;
    }

    private static void AddVerificationModules(this IServiceCollection services)
    {
        services.AddVerification();
        foreach (var type in new[] { typeof(SelfieRegistrationModule), typeof(FaceAuthenticationModule), typeof(PhotoEnrollModule) })
        {
            services.TryAddSingleton(type);
            services.AddSingleton(typeof(Engine.Modules.IWorkflowModule), sp => sp.GetRequiredService(type));
        }
    }
}

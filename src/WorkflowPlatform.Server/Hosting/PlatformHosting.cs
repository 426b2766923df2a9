using WorkflowPlatform.Server.Audit;
using WorkflowPlatform.Server.Endpoints.Applications;
using WorkflowPlatform.Server.Endpoints.Auth;
using WorkflowPlatform.Server.Endpoints.Setup;
using WorkflowPlatform.Server.Endpoints.Workspaces;

namespace WorkflowPlatform.Server.Hosting;

public static class PlatformHostingExtensions
{
    /// <summary>Structured JSON logs on stdout, UTC timestamps.</summary>
    public static ILoggingBuilder AddPlatformLogging(this ILoggingBuilder logging)
    {
        logging.ClearProviders();
        // Quiet defaults (configuration under Logging:LogLevel still overrides them).
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        logging.AddFilter("Quartz", LogLevel.Warning);
        logging.AddJsonConsole(o =>
        {
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.IncludeScopes = false;
        });
        return logging;
    }

    /// <summary>OpenAPI document at <c>/openapi/v1.json</c> and the browsable reference at <c>/api-reference</c>.</summary>
    public static IServiceCollection AddPlatformApiDocs(this IServiceCollection services)
    {
        services.AddOpenApi();
        return services;
    }

    public static WebApplication MapPlatformApiDocs(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapGet("/api-reference", () => Results.Content(ApiReferencePage.Html, "text/html; charset=utf-8"))
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>Services the admin API needs beyond auth: the audit log and the HTTP context accessor.</summary>
    public static IServiceCollection AddAdminApi(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<AuditLog>();
        return services;
    }

    /// <summary><c>/api/admin</c>: auth, first-run setup, workspaces (members, audit), applications and keys. Returns the group for other features.</summary>
    public static RouteGroupBuilder MapAdminApi(this WebApplication app)
    {
        var admin = app.MapGroup("/api/admin");
        admin.MapAuthEndpoints()
            .MapSetupEndpoints()
            .MapWorkspaceEndpoints()
            .MapApplicationEndpoints();
        return admin;
    }
}

internal static class ApiReferencePage
{
    public static readonly string Html = Load();

    private static string Load()
    {
        using var stream = typeof(ApiReferencePage).Assembly.GetManifestResourceStream("ApiReference/index.html")
            ?? throw new InvalidOperationException("The API reference page is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WorkflowPlatform.Server.Audit;
using WorkflowPlatform.Server.Auth;
using WorkflowPlatform.Server.Endpoints.Workspaces;
using WorkflowPlatform.Server.Hosting;
using WorkflowPlatform.Storage;
using WorkflowPlatform.Storage.Applications;
using WorkflowPlatform.Storage.Workspaces;

namespace WorkflowPlatform.Server.Endpoints.Applications;

public sealed record ApplicationRequest(
    string? Name, string? ReturnUrl, List<string>? AllowedOrigins, string? DefaultLocale, int? SessionTtlSeconds, int? Attempts,
    string? OnboardingWorkflow, string? VerificationWorkflow, List<string>? VerificationWays, List<string>? NotificationDomains);

public sealed record ApplicationResponse(
    Guid Id, string Name, string? ReturnUrl, IReadOnlyList<string> AllowedOrigins, string DefaultLocale, int SessionTtlSeconds, int Attempts,
    string? OnboardingWorkflow, string? VerificationWorkflow, IReadOnlyList<string> VerificationWays, IReadOnlyList<string> NotificationDomains,
    DateTimeOffset CreatedAt)
{
    public static ApplicationResponse From(Application a) => new(a.Id, a.Name, a.ReturnUrl, a.AllowedOrigins, a.DefaultLocale, a.SessionTtlSeconds,
        a.Attempts, a.OnboardingWorkflow, a.VerificationWorkflow, a.VerificationWays, a.NotificationDomains, a.CreatedAt);
}

public sealed record CreateApiKeyRequest(string? Name, string? Mode);
public sealed record ApiKeyResponse(Guid Id, string Prefix, string Name, string Mode, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);
public sealed record CreatedApiKeyResponse(Guid Id, string Prefix, string Name, string Mode, string Key);

public static class ApplicationEndpoints
{
    public static readonly string[] VerificationWayTypes = ["link", "iframe", "qr", "email", "sms"];

    public static RouteGroupBuilder MapApplicationEndpoints(this RouteGroupBuilder admin)
    {
        var apps = admin.WorkspaceGroup().MapGroup("/applications").WithTags("Applications");
        var viewer = WorkspacePolicies.For(WorkspaceRole.Viewer);
        var manager = WorkspacePolicies.For(WorkspaceRole.Admin);
        apps.MapGet("/", ListAsync).RequireAuthorization(viewer).WithSummary("Applications of the workspace.");
        apps.MapPost("/", CreateAsync).RequireAuthorization(manager).WithSummary("Create an application.");
        apps.MapGet("/{id:guid}", GetAsync).RequireAuthorization(viewer).WithSummary("One application.");
        apps.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(manager).WithSummary("Replace an application's settings.");
        apps.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(manager).WithSummary("Delete an application and its keys.");
        apps.MapGet("/{id:guid}/keys", ListKeysAsync).RequireAuthorization(manager).WithTags("API keys").WithSummary("Keys of an application (prefix only).");
        apps.MapPost("/{id:guid}/keys", CreateKeyAsync).RequireAuthorization(manager).WithTags("API keys")
            .WithSummary("Create a key; the key text is in this response only.");
        apps.MapDelete("/{id:guid}/keys/{keyId:guid}", RevokeKeyAsync).RequireAuthorization(manager).WithTags("API keys").WithSummary("Revoke a key.");
        return admin;
    }

    private static async Task<Ok<List<ApplicationResponse>>> ListAsync(Guid workspaceId, PlatformDbContext db, CancellationToken ct)
    {
        var apps = await db.Applications.AsNoTracking().OrderBy(a => a.Name).ThenBy(a => a.Id).ToListAsync(ct);
        return TypedResults.Ok(apps.Select(ApplicationResponse.From).ToList());
    }

    private static async Task<Results<Ok<ApplicationResponse>, ProblemHttpResult>> GetAsync(Guid workspaceId, Guid id, PlatformDbContext db, CancellationToken ct)
    {
        var app = await db.Applications.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        return app is null ? Problems.NotFound("application") : TypedResults.Ok(ApplicationResponse.From(app));
    }

    private static async Task<Results<Created<ApplicationResponse>, ValidationProblem>> CreateAsync(
        Guid workspaceId, ApplicationRequest body, PlatformDbContext db, AuditLog audit, TimeProvider time, CancellationToken ct)
    {
        var app = new Application { Name = "", WorkspaceId = workspaceId, Id = Guid.CreateVersion7() };
        var errors = Apply(body, app);
        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }
        app.CreatedAt = app.UpdatedAt = time.GetUtcNow();
        db.Applications.Add(app);
        var response = ApplicationResponse.From(app);
        audit.Record("application.created", "application", app.Id.ToString(), null, response);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/admin/workspaces/{workspaceId}/applications/{app.Id}", response);
    }

    private static async Task<Results<Ok<ApplicationResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid workspaceId, Guid id, ApplicationRequest body, PlatformDbContext db, AuditLog audit, TimeProvider time, CancellationToken ct)
    {
        var app = await db.Applications.SingleOrDefaultAsync(a => a.Id == id, ct);
        if (app is null)
        {
            return Problems.NotFound("application");
        }
        var before = ApplicationResponse.From(app);
        var errors = Apply(body, app);
        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }
        app.UpdatedAt = time.GetUtcNow();
        var after = ApplicationResponse.From(app);
        audit.Record("application.updated", "application", app.Id.ToString(), before, after);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(after);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid workspaceId, Guid id, PlatformDbContext db, AuditLog audit, CancellationToken ct)
    {
        var app = await db.Applications.SingleOrDefaultAsync(a => a.Id == id, ct);
        if (app is null)
        {
            return Problems.NotFound("application");
        }
        db.ApiKeys.RemoveRange(await db.ApiKeys.Where(k => k.ApplicationId == id).ToListAsync(ct));
        db.Applications.Remove(app);
        audit.Record("application.deleted", "application", id.ToString(), ApplicationResponse.From(app), null);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<List<ApiKeyResponse>>, ProblemHttpResult>> ListKeysAsync(Guid workspaceId, Guid id, PlatformDbContext db, CancellationToken ct)
    {
        if (!await db.Applications.AnyAsync(a => a.Id == id, ct))
        {
            return Problems.NotFound("application");
        }
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.ApplicationId == id).OrderBy(k => k.CreatedAt).ThenBy(k => k.Id).ToListAsync(ct);
        return TypedResults.Ok(keys.Select(ToResponse).ToList());
    }

    private static async Task<Results<Created<CreatedApiKeyResponse>, ValidationProblem, ProblemHttpResult>> CreateKeyAsync(
        Guid workspaceId, Guid id, CreateApiKeyRequest body, PlatformDbContext db, AuditLog audit, TimeProvider time, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var name = errors.Required("name", body.Name, ApiKey.NameMaxLength);
        var mode = ApiKeyMode.Live;
        switch (body.Mode)
        {
            case null or "live": break;
            case "test": mode = ApiKeyMode.Test; break;
            default: errors.Add("mode", "Either 'live' or 'test'."); break;
        }
        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }
        if (!await db.Applications.AnyAsync(a => a.Id == id, ct))
        {
            return Problems.NotFound("application");
        }
        var text = ApiKeyText.New(mode);
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            WorkspaceId = workspaceId,
            ApplicationId = id,
            Name = name!,
            Mode = mode,
            Prefix = ApiKeyText.Prefix(text),
            Hash = ApiKeyText.Hash(text),
            CreatedAt = time.GetUtcNow(),
        };
        db.ApiKeys.Add(key);
        audit.Record("api_key.created", "api_key", key.Id.ToString(), null, new { key.Name, key.Prefix, mode = ModeText(mode), applicationId = id });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/admin/workspaces/{workspaceId}/applications/{id}/keys/{key.Id}",
            new CreatedApiKeyResponse(key.Id, key.Prefix, key.Name, ModeText(mode), text));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeKeyAsync(
        Guid workspaceId, Guid id, Guid keyId, PlatformDbContext db, AuditLog audit, TimeProvider time, CancellationToken ct)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == keyId && k.ApplicationId == id, ct);
        if (key is null)
        {
            return Problems.NotFound("API key");
        }
        if (key.RevokedAt is null)
        {
            key.RevokedAt = time.GetUtcNow();
            audit.Record("api_key.revoked", "api_key", key.Id.ToString(), new { key.Prefix, revokedAt = (DateTimeOffset?)null }, new { key.Prefix, key.RevokedAt });
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.NoContent();
    }

    private static ApiKeyResponse ToResponse(ApiKey k) => new(k.Id, k.Prefix, k.Name, ModeText(k.Mode), k.CreatedAt, k.LastUsedAt, k.RevokedAt);

    private static string ModeText(ApiKeyMode mode) => mode == ApiKeyMode.Live ? "live" : "test";

    /// <summary>Validates the whole request and copies it onto <paramref name="app"/> (PUT replaces every field).</summary>
    private static FieldErrors Apply(ApplicationRequest body, Application app)
    {
        var e = new FieldErrors();
        app.Name = e.Required("name", body.Name, Application.NameMaxLength) ?? "";
        app.ReturnUrl = e.Url("returnUrl", body.ReturnUrl, Application.UrlMaxLength);
        app.AllowedOrigins = e.List("allowedOrigins", body.AllowedOrigins, 50, (v, i) => e.Url($"allowedOrigins[{i}]", v, 300, originOnly: true));
        app.DefaultLocale = e.Pattern("defaultLocale", e.Optional("defaultLocale", body.DefaultLocale, Application.LocaleMaxLength), FieldErrors.Locale(),
            "A language tag such as 'en' or 'en-US'.") ?? "en-US";
        app.SessionTtlSeconds = e.Range("sessionTtlSeconds", body.SessionTtlSeconds, 60, 86_400, 1800);
        app.Attempts = e.Range("attempts", body.Attempts, 1, 5, 3);
        app.OnboardingWorkflow = e.Pattern("onboardingWorkflow", e.Optional("onboardingWorkflow", body.OnboardingWorkflow, Application.WorkflowKeyMaxLength),
            FieldErrors.WorkflowKey(), "A workflow key: lower-case letters, digits and '-'.");
        app.VerificationWorkflow = e.Pattern("verificationWorkflow", e.Optional("verificationWorkflow", body.VerificationWorkflow, Application.WorkflowKeyMaxLength),
            FieldErrors.WorkflowKey(), "A workflow key: lower-case letters, digits and '-'.");
        app.VerificationWays = e.List("verificationWays", body.VerificationWays, 5, (v, i) =>
        {
            if (!VerificationWayTypes.Contains(v, StringComparer.Ordinal))
            {
                e.Add($"verificationWays[{i}]", "One of link, iframe, qr, email, sms.");
                return null;
            }
            return v;
        }).Distinct(StringComparer.Ordinal).ToList();
        if (app.VerificationWays.Count == 0 && body.VerificationWays is null)
        {
            app.VerificationWays = ["link"];
        }
        app.NotificationDomains = e.List("notificationDomains", body.NotificationDomains, 50, (v, i) =>
            e.Pattern($"notificationDomains[{i}]", e.Optional($"notificationDomains[{i}]", v, 253)?.ToLowerInvariant(), FieldErrors.DomainName(),
                "A domain name such as 'hooks.example.com' or '*.example.com'."));
        return e;
    }
}

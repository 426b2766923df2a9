using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WorkflowPlatform.Server.Auth;
using WorkflowPlatform.Server.Hosting;
using WorkflowPlatform.Storage;

namespace WorkflowPlatform.Server.Endpoints.Public;

public sealed record ApiClientResponse(Guid ApplicationId, string ApplicationName, Guid WorkspaceId, string KeyMode);

public static class PublicApiEndpoints
{
    /// <summary>The <c>/api/v1</c> group, authenticated by API key. Features map their public endpoints on the returned group.</summary>
    public static RouteGroupBuilder MapPublicApi(this WebApplication app)
    {
        var v1 = app.MapGroup("/api/v1").RequireAuthorization(WorkspacePolicies.ApiClient);
        v1.MapGet("/me", MeAsync).WithTags("Public API").WithSummary("The application the API key belongs to (a key check).");
        v1.MapPublicRequestEndpoints().MapUserEndpoints();
        app.MapPhotoEndpoints();
        return v1;
    }

    private static async Task<Results<Ok<ApiClientResponse>, ProblemHttpResult>> MeAsync(HttpContext http, PlatformDbContext db, CancellationToken ct)
    {
        var applicationId = http.User.ApplicationId();
        // The workspace filter applies: the key's workspace was set by the authentication handler.
        var app = await db.Applications.AsNoTracking().SingleOrDefaultAsync(a => a.Id == applicationId, ct);
        if (app is null)
        {
            return Problems.NotFound("application");
        }
        return TypedResults.Ok(new ApiClientResponse(app.Id, app.Name, app.WorkspaceId, http.User.FindFirst(ApiKeyClaims.Mode)!.Value));
    }
}

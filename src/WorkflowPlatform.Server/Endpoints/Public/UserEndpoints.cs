using System.Globalization;
using System.Text.Json.Nodes;
using WorkflowPlatform.Server.Auth;
using WorkflowPlatform.Server.Enrolment;
using WorkflowPlatform.Server.Hosting;
using WorkflowPlatform.Server.Retention;
using WorkflowPlatform.Verification.Photos;
using WorkflowPlatform.Verification.Profiles;

namespace WorkflowPlatform.Server.Endpoints.Public;

/// <summary><c>/api/v1/users/{user_id}</c>: what is registered for a user, and erasure of it.</summary>
public static class UserEndpoints
{
    public static RouteGroupBuilder MapUserEndpoints(this RouteGroupBuilder v1)
    {
        var users = v1.MapGroup("/users").WithTags("Users");
        users.MapGet("/{userId}", GetAsync).WithSummary("Whether the user has a registered selfie, since when, templates and photos.");
        users.MapDelete("/{userId}", EraseAsync).WithSummary("Erases the user's templates and photos and returns a deletion receipt.");
        return v1;
    }

    private static async Task<IResult> GetAsync(string userId, HttpContext http, UserProfiles profiles, IUserProfileStore store, PhotoUrls urls, RequestService requests, CancellationToken ct)
    {
        if (!PublicRequestEndpoints.UserIdPattern().IsMatch(userId))
            return InvalidUserId();
        var ws = http.User.WorkspaceId().ToString("D");
        var profile = await profiles.GetAsync(ws, userId, ct);
        var erasures = await store.ListErasuresAsync(ws, userId, ct);
        if (profile is null && erasures.Count == 0)
            return Problems.Create(404, ErrorCodes.UserNotFound, "Not found", "No profile exists for this user_id.");
        var registered = profile?.SelfieRegistered == true;
        return Results.Json(new JsonObject
        {
            ["user_id"] = userId,
            ["selfie_registered"] = registered,
            ["selfie_registered_at"] = profile?.RegisteredAt?.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["templates"] = profile?.Template is null ? 0 : 1,
            ["template_model"] = profile?.Template?.ModelId,
            ["photos"] = profile?.PhotoKey is null ? 0 : 1,
            ["photo_url"] = profile?.PhotoKey is { } key ? requests.BaseUrl(http.Request) + urls.Sign(key) : null,
            ["created_at"] = profile?.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
            ["updated_at"] = profile?.UpdatedAt.ToString("O", CultureInfo.InvariantCulture),
            ["erasures"] = new JsonArray([.. erasures.Select(Receipt)]),
        });
    }

    private static async Task<IResult> EraseAsync(string userId, HttpContext http, UserErasure erasure, CancellationToken ct)
    {
        if (!PublicRequestEndpoints.UserIdPattern().IsMatch(userId))
            return InvalidUserId();
        // Templates, profile photos and the capture images of every request of the user.
        var receipt = await erasure.EraseAsync(http.User.WorkspaceId().ToString("D"), userId, ct);
        return Results.Json(Receipt(receipt));
    }

    private static JsonNode Receipt(ErasureReceipt r) => new JsonObject
    {
        ["receipt_id"] = r.ReceiptId,
        ["user_id"] = r.UserId,
        ["templates_deleted"] = r.TemplatesDeleted,
        ["photos_deleted"] = r.PhotosDeleted,
        ["requests_purged"] = r.RequestsPurged,
        ["request_images_deleted"] = r.RequestImagesDeleted,
        ["erased_at"] = r.ErasedAt.ToString("O", CultureInfo.InvariantCulture),
    };

    private static IResult InvalidUserId() => Problems.Validation(
        new Dictionary<string, string[]> { ["user_id"] = ["1–256 characters of letters, digits and ' + _ @ . -"] });
}

using WorkflowPlatform.Server.Hosting;
using WorkflowPlatform.Verification.Photos;

namespace WorkflowPlatform.Server.Endpoints.Public;

/// <summary><c>GET /api/v1/photos/{key}?exp=…&amp;sig=…</c>: photos, only through signed, expiring URLs (no API key needed).</summary>
public static class PhotoEndpoints
{
    public const string InvalidCode = "PHOTO_URL_INVALID";
    public const string ExpiredCode = "PHOTO_URL_EXPIRED";

    public static IEndpointRouteBuilder MapPhotoEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/photos/{**key}", GetAsync).AllowAnonymous().WithTags("Photos")
            .WithSummary("A stored photo behind a signed URL (403 when the signature does not match, 401 when it expired).");
        return app;
    }

    private static async Task<IResult> GetAsync(string key, string? exp, string? sig, HttpContext http, PhotoUrls urls, IBlobStore blobs, CancellationToken ct)
    {
        switch (urls.Verify(key, exp, sig))
        {
            case PhotoUrlStatus.Invalid:
                return Problems.Create(403, InvalidCode, "Forbidden", "The photo URL is not signed for this photo.");
            case PhotoUrlStatus.Expired:
                return Problems.Create(401, ExpiredCode, "Expired", "The photo URL has expired; read the request again for a fresh one.");
        }
        var bytes = await blobs.GetAsync(key, ct);
        if (bytes is null)
            return Problems.NotFound("photo");
        http.Response.Headers.CacheControl = "private, no-store";
        var type = key.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ? "image/png" : "image/jpeg";
        return Results.File(bytes, type);
    }
}

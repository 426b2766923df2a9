using System.Net;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WorkflowPlatform.Server.Enrolment.Tokens;
using WorkflowPlatform.Storage;
using WorkflowPlatform.Storage.Requests;

namespace WorkflowPlatform.Server.Frontend;

/// <summary>Where the built front-ends are. Section <c>Frontend</c>; relative paths are relative to the content root.</summary>
public sealed class FrontendOptions
{
    public const string SectionName = "Frontend";

    /// <summary>The capture app's build output. Default <c>../capture/dist</c> (src/capture/dist beside the server project).</summary>
    public string CaptureDistPath { get; set; } = "../capture/dist";

    /// <summary>The console's build output. Default <c>../../designer/dist</c>.</summary>
    public string ConsoleDistPath { get; set; } = "../../designer/dist";
}

/// <summary>
/// Serves the capture app at <c>/web-enrolment/</c> (index.html for any query, no-store; hashed assets immutable; a CSP whose
/// <c>frame-ancestors</c> are the allowed origins of the token's application) and the console at <c>/console/</c> with SPA
/// fallback. A missing build answers 503 with the command that makes it.
/// </summary>
public static class FrontendEndpoints
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IServiceCollection AddFrontends(this IServiceCollection services)
    {
        services.AddOptions<FrontendOptions>().BindConfiguration(FrontendOptions.SectionName);
        return services;
    }

    public static IEndpointRouteBuilder MapFrontends(this IEndpointRouteBuilder app)
    {
        app.MapGet("/web-enrolment/{**path}", CaptureAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/console/{**path}", ConsoleAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static string Root(IWebHostEnvironment env, string configured) => Path.GetFullPath(Path.Combine(env.ContentRootPath, configured));

    private static async Task CaptureAsync(string? path, HttpContext http, IWebHostEnvironment env, IOptions<FrontendOptions> options, SessionTokenService tokens, IServiceScopeFactory scopes)
    {
        if (RedirectToFolder(http))
            return;
        var root = Root(env, options.Value.CaptureDistPath);
        if (!File.Exists(Path.Combine(root, "index.html")))
        {
            await MissingBuildAsync(http, "capture app", root, "cd src/capture && npm ci && npm run build");
            return;
        }
        if (await TryAssetAsync(http, root, path))
            return;

        var origins = await AllowedOriginsAsync(http.Request.Query["token"].ToString(), tokens, scopes, http.RequestAborted);
        var ancestors = origins.Count == 0 ? "'none'" : "'self' " + string.Join(' ', origins);
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; connect-src 'self'; " +
            $"frame-ancestors {ancestors}; base-uri 'none'; form-action 'self'";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = $"camera=(self{string.Concat(origins.Select(o => " \"" + o + "\""))})";
        headers["X-Content-Type-Options"] = "nosniff";
        await IndexAsync(http, root);
    }

    private static async Task ConsoleAsync(string? path, HttpContext http, IWebHostEnvironment env, IOptions<FrontendOptions> options)
    {
        if (RedirectToFolder(http))
            return;
        var root = Root(env, options.Value.ConsoleDistPath);
        if (!File.Exists(Path.Combine(root, "index.html")))
        {
            await MissingBuildAsync(http, "console", root, "cd designer && npm ci && npm run build");
            return;
        }
        if (await TryAssetAsync(http, root, path))
            return;
        http.Response.Headers["Referrer-Policy"] = "same-origin";
        http.Response.Headers["X-Frame-Options"] = "DENY";
        await IndexAsync(http, root);
    }

    /// <summary><c>/web-enrolment?token=…</c> → <c>/web-enrolment/?token=…</c>, so relative asset paths resolve.</summary>
    private static bool RedirectToFolder(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        if (path.Count(c => c == '/') > 1 || path.EndsWith('/'))
            return false;
        http.Response.Redirect(path + "/" + http.Request.QueryString);
        return true;
    }

    private static async Task IndexAsync(HttpContext http, string root)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.SendFileAsync(Path.Combine(root, "index.html"), http.RequestAborted);
    }

    /// <summary>Serves a file of the build when <paramref name="path"/> names one inside <paramref name="root"/>.</summary>
    private static async Task<bool> TryAssetAsync(HttpContext http, string root, string? path)
    {
        if (string.IsNullOrEmpty(path) || path.EndsWith('/') || path == "index.html")
            return false;
        var full = Path.GetFullPath(Path.Combine(root, path));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(full))
        {
            // An asset-looking path that does not exist is a 404, not the SPA's index.
            if (Path.HasExtension(path))
            {
                http.Response.StatusCode = 404;
                return true;
            }
            return false;
        }
        http.Response.ContentType = ContentTypes.TryGetContentType(full, out var type) ? type : "application/octet-stream";
        // Vite names built assets by content hash under assets/: they never change.
        http.Response.Headers.CacheControl = path.StartsWith("assets/", StringComparison.Ordinal) ? "public, max-age=31536000, immutable" : "no-cache";
        http.Response.Headers["X-Content-Type-Options"] = "nosniff";
        await http.Response.SendFileAsync(full, http.RequestAborted);
        return true;
    }

    private static async Task<IReadOnlyList<string>> AllowedOriginsAsync(string token, SessionTokenService tokens, IServiceScopeFactory scopes, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token))
            return [];
        var check = await tokens.ValidateAsync(token);
        if (!check.IsValid)
            return [];
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IWorkspaceContext>().Set(check.Grant!.WorkspaceId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var requestId = check.Grant.RequestId.ToString("N");
        var appId = await db.Set<PublicRequestRecord>().Where(r => r.Id == requestId).Select(r => (Guid?)r.ApplicationId).SingleOrDefaultAsync(ct);
        if (appId is null)
            return [];
        var app = await db.Applications.AsNoTracking().SingleOrDefaultAsync(a => a.Id == appId, ct);
        // Origins were validated when the application was saved; keep only well-formed ones so nothing can break the header.
        return app?.AllowedOrigins.Where(o => Uri.TryCreate(o, UriKind.Absolute, out var u) && u.Scheme is "https" or "http" && u.AbsolutePath == "/" && !o.Contains(';') && !o.Contains(' ') && !o.Contains('"'))
            .Select(o => o.TrimEnd('/')).ToList() ?? [];
    }

    private static async Task MissingBuildAsync(HttpContext http, string what, string root, string command)
    {
        http.Response.StatusCode = 503;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        static string e(string s) => WebUtility.HtmlEncode(s);
        await http.Response.WriteAsync(
            $"<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>The {e(what)} is not built</title>" +
            $"<h1>The {e(what)} is not built</h1><p>No <code>index.html</code> in <code>{e(root)}</code>.</p>" +
            $"<p>The normal server build (<code>dotnet build src/WorkflowPlatform.Server</code>) builds it; or run <code>{e(command)}</code>. " +
            "Set <code>Frontend:CaptureDistPath</code> / <code>Frontend:ConsoleDistPath</code> to serve a build from elsewhere.</p></html>", http.RequestAborted);
    }
}

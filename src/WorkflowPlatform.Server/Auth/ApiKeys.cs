using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WorkflowPlatform.Server.Hosting;
using WorkflowPlatform.Storage;
using WorkflowPlatform.Storage.Applications;

namespace WorkflowPlatform.Server.Auth;

/// <summary>API key settings. Section <c>ApiKeys</c>.</summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "ApiKeys";

    /// <summary>Minimum seconds between two writes of a key's <c>lastUsedAt</c>. Default 60.</summary>
    [Range(0, 86400)]
    public int LastUsedWriteIntervalSeconds { get; set; } = 60;
}

/// <summary>Claim types of an API client principal.</summary>
public static class ApiKeyClaims
{
    public const string WorkspaceId = "wfp:workspace_id";
    public const string ApplicationId = "wfp:application_id";
    public const string ApiKeyId = "wfp:api_key_id";
    public const string Mode = "wfp:key_mode";
}

/// <summary>Creates key text and hashes it. Keys look like <c>wfp_live_&lt;43 url-safe chars&gt;</c>.</summary>
public static class ApiKeyText
{
    public const int PrefixLength = 17; // "wfp_live_" + 8 characters of the secret

    public static string New(ApiKeyMode mode)
    {
        Span<byte> random = stackalloc byte[32];
        RandomNumberGenerator.Fill(random);
        return (mode == ApiKeyMode.Live ? "wfp_live_" : "wfp_test_") + Base64Url(random);
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string Prefix(string key) => key[..PrefixLength];

    public static bool LooksLikeKey(string token) =>
        token.Length is > PrefixLength and < 200 && (token.StartsWith("wfp_live_", StringComparison.Ordinal) || token.StartsWith("wfp_test_", StringComparison.Ordinal));

    private static string Base64Url(ReadOnlySpan<byte> data) =>
        Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions;

/// <summary>
/// <c>Authorization: Bearer wfp_…</c> → principal with workspace, application and key ids; sets the
/// request's <see cref="IWorkspaceContext"/>. Unknown → 401 API_KEY_INVALID, revoked → 401 API_KEY_REVOKED.
/// </summary>
internal sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    PlatformDbContext db,
    TimeProvider time,
    IOptions<ApiKeyOptions> keyOptions)
    : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, loggerFactory, encoder)
{
    private const string FailureCodeItem = "wfp:api-key-failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!RequestLimitsExtensions.TryGetBearer(Context, out var token))
        {
            return AuthenticateResult.NoResult();
        }
        if (!ApiKeyText.LooksLikeKey(token))
        {
            return Fail(ErrorCodes.ApiKeyInvalid, "Not an API key.");
        }
        var hash = ApiKeyText.Hash(token);
        var key = await db.ApiKeys.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(k => k.Hash == hash, Context.RequestAborted);
        if (key is null)
        {
            return Fail(ErrorCodes.ApiKeyInvalid, "Unknown API key.");
        }
        if (key.RevokedAt is not null)
        {
            return Fail(ErrorCodes.ApiKeyRevoked, "The API key has been revoked.");
        }

        var now = time.GetUtcNow();
        var interval = TimeSpan.FromSeconds(keyOptions.Value.LastUsedWriteIntervalSeconds);
        if (key.LastUsedAt is null || now - key.LastUsedAt.Value >= interval)
        {
            // Throttled: at most one write per key per interval, and the condition makes concurrent
            // requests of one key write once.
            var threshold = now - interval;
            await db.ApiKeys.IgnoreQueryFilters()
                .Where(k => k.Id == key.Id && (k.LastUsedAt == null || k.LastUsedAt <= threshold))
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
        }

        db.Workspace.Set(key.WorkspaceId);
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, key.ApplicationId.ToString()),
            new Claim(ApiKeyClaims.WorkspaceId, key.WorkspaceId.ToString()),
            new Claim(ApiKeyClaims.ApplicationId, key.ApplicationId.ToString()),
            new Claim(ApiKeyClaims.ApiKeyId, key.Id.ToString()),
            new Claim(ApiKeyClaims.Mode, key.Mode == ApiKeyMode.Live ? "live" : "test"),
        ], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    private AuthenticateResult Fail(string code, string message)
    {
        Context.Items[FailureCodeItem] = code;
        return AuthenticateResult.Fail(message);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var code = Context.Items[FailureCodeItem] as string ?? ErrorCodes.ApiKeyInvalid;
        Response.Headers.WWWAuthenticate = "Bearer";
        var detail = code == ErrorCodes.ApiKeyRevoked
            ? "The API key has been revoked."
            : "Send a valid API key as 'Authorization: Bearer wfp_live_…'.";
        return Problems.WriteAsync(Context, 401, code, "Unauthorized", detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, 403, ErrorCodes.Forbidden, "Forbidden", "This key may not do this.");
}

public static class ApiClientPrincipalExtensions
{
    public static Guid WorkspaceId(this ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(ApiKeyClaims.WorkspaceId)!);
    public static Guid ApplicationId(this ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(ApiKeyClaims.ApplicationId)!);
}

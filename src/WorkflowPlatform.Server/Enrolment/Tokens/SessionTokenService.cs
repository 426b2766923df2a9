using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace WorkflowPlatform.Server.Enrolment.Tokens;

/// <summary>What a session token grants: one request of one workspace, until it expires.</summary>
public sealed record SessionGrant(Guid WorkspaceId, Guid RequestId, string TokenId, DateTimeOffset ExpiresAt);

public readonly record struct SessionTokenCheck(SessionGrant? Grant, string? Error)
{
    public bool IsValid => Grant is not null;
}

/// <summary>
/// Issues and validates the short-lived signed tokens (JWT, HS256) that let one person act on one request.
/// Validation checks signature (any key in the ring, selected by <c>kid</c>), issuer, audience and lifetime
/// against the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class SessionTokenService(ISigningKeyRing keys, IOptions<SessionTokenOptions> options, TimeProvider time)
{
    private const string Audience = "enrolment";
    private const string WorkspaceClaim = "wsp";
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public string Issue(Guid workspaceId, Guid requestId, DateTimeOffset expiresAt)
    {
        var now = time.GetUtcNow();
        var key = keys.Active;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, requestId.ToString("D")),
                new Claim(WorkspaceClaim, workspaceId.ToString("D")),
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
            ]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key.Secret) { KeyId = key.Id }, SecurityAlgorithms.HmacSha256),
        };
        return _handler.CreateToken(descriptor);
    }

    public async Task<SessionTokenCheck> ValidateAsync(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 4096)
            return new(null, "token missing or too long");
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = options.Value.Issuer,
            ValidAudience = Audience,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            IssuerSigningKeyResolver = (_, _, kid, _) =>
                keys.Find(kid) is { } k ? [new SymmetricSecurityKey(k.Secret) { KeyId = k.Id }] : [],
            LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                var skew = options.Value.ClockSkew;
                return expires is { } e && now <= e + skew && (notBefore is not { } n || now >= n - skew);
            },
        };
        var result = await _handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
            return new(null, result.Exception?.GetType().Name ?? "invalid token");
        var jwt = (JsonWebToken)result.SecurityToken;
        if (!Guid.TryParse(jwt.Subject, out var requestId)
            || !jwt.TryGetPayloadValue<string>(WorkspaceClaim, out var ws) || !Guid.TryParse(ws, out var workspaceId))
            return new(null, "token claims malformed");
        return new(new SessionGrant(workspaceId, requestId, jwt.Id, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero)), null);
    }
}

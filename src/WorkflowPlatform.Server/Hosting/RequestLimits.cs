using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace WorkflowPlatform.Server.Hosting;

/// <summary>Request body limits. Section <c>Limits</c>.</summary>
public sealed class RequestLimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>Largest body accepted outside the enrolment API. Default 1 MB.</summary>
    [Range(1024, 1L << 30)]
    public long MaxBodyBytes { get; set; } = 1 * 1024 * 1024;

    /// <summary>Largest body accepted under <c>/api/v1/enrolment</c> (photos). Default 20 MB.</summary>
    [Range(1024, 1L << 30)]
    public long EnrolmentMaxBodyBytes { get; set; } = 20 * 1024 * 1024;
}

/// <summary>Built-in rate limiter settings. Section <c>RateLimiting</c>.</summary>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    /// <summary>Requests per window per API key (Authorization bearer) on <c>/api/v1</c>. Default 600.</summary>
    [Range(1, int.MaxValue)]
    public int PerApiKeyPermits { get; set; } = 600;

    /// <summary>Requests per window per client IP everywhere else. Default 300.</summary>
    [Range(1, int.MaxValue)]
    public int PerIpPermits { get; set; } = 300;

    /// <summary>Window length in seconds. Default 60.</summary>
    [Range(1, 3600)]
    public int WindowSeconds { get; set; } = 60;
}

public static class RequestLimitsExtensions
{
    public static IServiceCollection AddRequestLimits(this IServiceCollection services)
    {
        services.AddOptions<RequestLimitsOptions>().BindConfiguration(RequestLimitsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IConfigureOptions<RateLimiterOptions>, ConfigureRateLimiter>();
        services.AddRateLimiter(_ => { });
        return services;
    }

    /// <summary>Per-path body limit: the server-wide maximum is the enrolment limit, everything else is cut down to <see cref="RequestLimitsOptions.MaxBodyBytes"/>.</summary>
    public static WebApplication UseRequestLimits(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            var limits = http.RequestServices.GetRequiredService<IOptions<RequestLimitsOptions>>().Value;
            var limit = http.Request.Path.StartsWithSegments("/api/v1/enrolment") ? limits.EnrolmentMaxBodyBytes : limits.MaxBodyBytes;
            var feature = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (feature is { IsReadOnly: false })
            {
                feature.MaxRequestBodySize = limit;
            }
            // Declared lengths are refused before reading a byte (also where the server has no such feature).
            if (http.Request.ContentLength > limit)
            {
                await Problems.WriteAsync(http, StatusCodes.Status413PayloadTooLarge, ErrorCodes.BodyTooLarge, "Request body too large",
                    $"The body is {http.Request.ContentLength} bytes; this endpoint accepts at most {limit}.");
                return;
            }
            await next(http);
        });
        app.UseRateLimiter();
        return app;
    }

    private sealed class ConfigureRateLimiter(IOptions<RateLimitingOptions> settings) : IConfigureOptions<RateLimiterOptions>
    {
        public void Configure(RateLimiterOptions options)
        {
            var s = settings.Value;
            var window = TimeSpan.FromSeconds(s.WindowSeconds);
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                if (http.Request.Path.StartsWithSegments("/api/v1") && TryGetBearer(http, out var bearer))
                {
                    // Partition by a hash so the limiter never holds key text.
                    var partition = "key:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(bearer)), 0, 16);
                    return RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
                    { PermitLimit = s.PerApiKeyPermits, Window = window, QueueLimit = 0 });
                }
                var ip = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter("ip:" + ip, _ => new FixedWindowRateLimiterOptions
                { PermitLimit = s.PerIpPermits, Window = window, QueueLimit = 0 });
            });
            options.OnRejected = async (ctx, ct) =>
            {
                var retryAfter = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var ra) ? ra : window;
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                ctx.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Problems.WriteAsync(ctx.HttpContext, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, "Too many requests",
                    $"Rate limit exceeded; retry after {seconds} s.");
            };
        }
    }

    internal static bool TryGetBearer(HttpContext http, out string token)
    {
        token = "";
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7)
        {
            token = header[7..].Trim();
            return token.Length > 0;
        }
        return false;
    }
}

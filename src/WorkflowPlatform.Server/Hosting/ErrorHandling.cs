using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace WorkflowPlatform.Server.Hosting;

public static class ErrorHandlingExtensions
{
    /// <summary>
    /// ProblemDetails for every error: unhandled exceptions (500 INTERNAL_ERROR), bad request bodies
    /// (MALFORMED_JSON, VALIDATION_FAILED, BODY_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE), and bodiless
    /// status codes such as unmatched routes (404) and wrong methods (405).
    /// </summary>
    public static IServiceCollection AddPlatformErrors(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            var status = ctx.ProblemDetails.Status ?? ctx.HttpContext.Response.StatusCode;
            ctx.ProblemDetails.Extensions.TryAdd("code", ErrorCodes.ForStatus(status));
            ctx.ProblemDetails.Extensions.Remove("traceId");
            ctx.ProblemDetails.Extensions["traceId"] = ctx.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<PlatformExceptionHandler>();
        // Minimal APIs only report binding failures as exceptions when asked to; otherwise the
        // client would get an empty 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o =>
        {
            o.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        });
        return services;
    }

    public static WebApplication UsePlatformErrors(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}

internal sealed partial class PlatformExceptionHandler(IProblemDetailsService problems, ILogger<PlatformExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var (status, code, title, detail, errors) = Classify(exception);
        if (status >= 500)
        {
            Log.Unhandled(logger, exception, http.Request.Method, http.Request.Path);
        }
        http.Response.StatusCode = status;
        var problem = errors is null
            ? new ProblemDetails()
            : new HttpValidationProblemDetails(errors);
        problem.Status = status;
        problem.Title = title;
        problem.Detail = detail;
        problem.Extensions["code"] = code;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    internal static (int Status, string Code, string Title, string Detail, Dictionary<string, string[]>? Errors) Classify(Exception exception)
    {
        switch (exception)
        {
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                return (413, ErrorCodes.BodyTooLarge, "Request body too large", "The request body exceeds the limit for this endpoint.", null);
            case BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType }:
                return (415, ErrorCodes.UnsupportedMediaType, "Unsupported media type", "Send the body as application/json.", null);
            case BadHttpRequestException { InnerException: JsonException json }:
                return ClassifyJson(json);
            case BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status400BadRequest:
                return (400, ErrorCodes.ValidationFailed, "Invalid request", bad.Message, null);
            case BadHttpRequestException bad:
                return (bad.StatusCode, ErrorCodes.ForStatus(bad.StatusCode), "Invalid request", bad.Message, null);
            case JsonException json:
                return ClassifyJson(json);
            default:
                return (500, ErrorCodes.InternalError, "Internal error", "An unexpected error occurred. It has been logged.", null);
        }
    }

    private static (int, string, string, string, Dictionary<string, string[]>?) ClassifyJson(JsonException json)
    {
        var path = string.IsNullOrEmpty(json.Path) ? "$" : json.Path;
        // An unknown property or a wrong value type is well-formed JSON with the wrong content: a
        // validation error on that field. Anything else is a syntax error in the document.
        var message = json.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return (400, ErrorCodes.ValidationFailed, "Validation failed", "The body contains an unknown property.",
                new Dictionary<string, string[]> { [path] = ["Unknown property."] });
        }
        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return (400, ErrorCodes.ValidationFailed, "Validation failed", "A property has the wrong type.",
                new Dictionary<string, string[]> { [path] = ["Wrong type."] });
        }
        return (400, ErrorCodes.MalformedJson, "Malformed JSON", $"The body is not valid JSON (at {path}).", null);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
        public static partial void Unhandled(ILogger logger, Exception exception, string method, string path);
    }
}

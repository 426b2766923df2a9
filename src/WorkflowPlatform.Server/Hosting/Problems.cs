using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace WorkflowPlatform.Server.Hosting;

/// <summary>Typed ProblemDetails results with a stable <c>code</c>.</summary>
public static class Problems
{
    public static ProblemHttpResult Create(int status, string code, string title, string? detail = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Extensions["code"] = code;
        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult NotFound(string what = "resource") =>
        Create(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "Not found", $"The {what} does not exist.");

    public static ProblemHttpResult Conflict(string code, string detail) =>
        Create(StatusCodes.Status409Conflict, code, "Conflict", detail);

    public static ValidationProblem Validation(IDictionary<string, string[]> errors, string? detail = null)
    {
        return TypedResults.ValidationProblem(errors, detail ?? "One or more fields are invalid.", title: "Validation failed",
            extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.ValidationFailed });
    }

    /// <summary>Writes a ProblemDetails directly, for middleware and authentication handlers.</summary>
    public static async Task WriteAsync(HttpContext http, int status, string code, string title, string? detail, IDictionary<string, object?>? extensions = null)
    {
        http.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Extensions["code"] = code;
        if (extensions is not null)
        {
            foreach (var (k, v) in extensions)
            {
                problem.Extensions[k] = v;
            }
        }
        var writer = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await writer.WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowPlatform.Engine.Definitions;
using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Engine.Persistence;
using WorkflowPlatform.Engine.Validation;
using WorkflowPlatform.Server.Hosting;

namespace WorkflowPlatform.Server.Workflows;

/// <summary>Engine and definition errors as ProblemDetails with the engine's stable codes.</summary>
public static class WorkflowErrors
{
    /// <summary>HTTP status for an engine error code.</summary>
    /// Every code the engine throws is mapped on purpose; an unknown one is a server fault (500), never a
    /// client conflict.
    public static int StatusOf(string code) => code switch
    {
        EngineErrorCodes.InstanceNotFound or EngineErrorCodes.WorkflowNotFound or EngineErrorCodes.BookmarkNotFound => StatusCodes.Status404NotFound,
        EngineErrorCodes.IdempotencyKeyInvalid or EngineErrorCodes.KeyMismatch => StatusCodes.Status400BadRequest,
        EngineErrorCodes.ValidationFailed or EngineErrorCodes.WorkflowNotPublished
            or EngineErrorCodes.ModuleUnknown or EngineErrorCodes.RuleInvalid or EngineErrorCodes.NodeMissing => StatusCodes.Status422UnprocessableEntity,
        EngineErrorCodes.BookmarkConsumed or EngineErrorCodes.InstanceFinished or EngineErrorCodes.InstanceExpired
            or EngineErrorCodes.InstanceCancelled or EngineErrorCodes.InstanceBusy or EngineErrorCodes.InstanceExists
            or EngineErrorCodes.NoDraft => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>The ProblemDetails for an engine exception.</summary>
    public static ProblemHttpResult ToProblem(WorkflowEngineException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var status = StatusOf(exception.Code);
        var title = status switch
        {
            404 => "Not found",
            400 => "Invalid request",
            422 => "Unprocessable request",
            409 => "Conflict",
            _ => "Workflow engine error",
        };
        return Problems.Create(status, exception.Code, title, exception.Message);
    }

    /// <summary>A definition document that could not be read: 400 with <c>DEFINITION_INVALID_JSON</c> or <c>DEFINITION_TOO_LARGE</c>.</summary>
    public static ProblemHttpResult ToProblem(DefinitionFormatException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Problems.Create(exception.Code == "DEFINITION_TOO_LARGE" ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest,
            exception.Code, "Invalid workflow definition", exception.Message);
    }

    /// <summary>A frozen version or a concurrent edit: 409 <c>DEFINITION_VERSION_FROZEN</c>.</summary>
    public static ProblemHttpResult ToProblem(DefinitionConflictException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Problems.Create(StatusCodes.Status409Conflict, exception.Code, "Conflict", exception.Message);
    }

    /// <summary>Publish refused: 422 <c>VALIDATION_FAILED</c> with <c>errors: [{nodeId, field, message, line, column, code}]</c>.</summary>
    public static ProblemHttpResult Invalid(IReadOnlyList<ValidationError> errors)
    {
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "Workflow is invalid",
            Detail = $"The definition has {errors.Count} error(s); nothing was published.",
        };
        problem.Extensions["code"] = EngineErrorCodes.ValidationFailed;
        problem.Extensions["errors"] = errors;
        return TypedResults.Problem(problem);
    }
}

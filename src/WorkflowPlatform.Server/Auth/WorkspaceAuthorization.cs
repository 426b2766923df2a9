using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.EntityFrameworkCore;
using WorkflowPlatform.Server.Hosting;
using WorkflowPlatform.Storage;
using WorkflowPlatform.Storage.Workspaces;

namespace WorkflowPlatform.Server.Auth;

/// <summary>Policy names: <c>RequireAuthorization(WorkspacePolicies.For(WorkspaceRole.Designer))</c> on a route with <c>{workspaceId:guid}</c>.</summary>
public static class WorkspacePolicies
{
    /// <summary>Any signed-in admin (routes outside a workspace).</summary>
    public const string Admin = "admin";

    /// <summary>A valid application API key (<c>/api/v1</c>).</summary>
    public const string ApiClient = "api-client";

    public static string For(WorkspaceRole minimum) => "workspace:" + minimum.ToString().ToLowerInvariant();
}

public sealed record WorkspaceRoleRequirement(WorkspaceRole Minimum) : IAuthorizationRequirement;

/// <summary>
/// Reads <c>workspaceId</c> from the route, loads the caller's membership, sets the scoped
/// <see cref="IWorkspaceContext"/> and checks the role. Not a member → the workspace "does not
/// exist" (404), so ids of other tenants cannot be probed; member with too low a role → 403.
/// </summary>
internal sealed class WorkspaceRoleHandler(PlatformDbContext db, IHttpContextAccessor accessor) : AuthorizationHandler<WorkspaceRoleRequirement>
{
    public const string NotMemberReason = "not-a-member";

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, WorkspaceRoleRequirement requirement)
    {
        var http = accessor.HttpContext;
        if (http is null || !Guid.TryParse(http.GetRouteValue("workspaceId") as string, out var workspaceId)
            || !Guid.TryParse(context.User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            context.Fail(new AuthorizationFailureReason(this, NotMemberReason));
            return;
        }
        var member = await db.WorkspaceMembers.IgnoreQueryFilters().AsNoTracking()
            .SingleOrDefaultAsync(m => m.WorkspaceId == workspaceId && m.UserId == userId, http.RequestAborted);
        if (member is null)
        {
            context.Fail(new AuthorizationFailureReason(this, NotMemberReason));
            return;
        }
        db.Workspace.Set(workspaceId);
        http.Items[typeof(WorkspaceMember)] = member;
        if (member.Role >= requirement.Minimum)
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, $"Requires the {requirement.Minimum} role or higher."));
        }
    }
}

/// <summary>Turns a "not a member" failure into 404 NOT_FOUND; everything else keeps the default 401/403.</summary>
internal sealed class WorkspaceAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailureReasons.Any(r => r.Message == WorkspaceRoleHandler.NotMemberReason) == true)
        {
            await Problems.WriteAsync(context, 404, ErrorCodes.NotFound, "Not found", "The workspace does not exist.");
            return;
        }
        await fallback.HandleAsync(next, context, policy, authorizeResult);
    }
}

public static class WorkspaceHttpContextExtensions
{
    /// <summary>The caller's membership in the route's workspace, loaded by the authorization handler.</summary>
    public static WorkspaceMember CurrentMember(this HttpContext http) =>
        http.Items[typeof(WorkspaceMember)] as WorkspaceMember ?? throw new InvalidOperationException("No workspace membership on this request.");

    public static Guid UserId(this ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);
}

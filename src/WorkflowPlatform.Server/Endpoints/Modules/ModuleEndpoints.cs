using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowPlatform.Engine.Modules;
using WorkflowPlatform.Server.Auth;
using WorkflowPlatform.Server.Endpoints.Workspaces;
using WorkflowPlatform.Storage.Workspaces;

namespace WorkflowPlatform.Server.Endpoints.Modules;

/// <summary><c>/api/admin/workspaces/{workspaceId}/modules</c>: the module catalog the designer renders its palette and forms from.</summary>
public static class ModuleEndpoints
{
    public static RouteGroupBuilder MapModuleEndpoints(this RouteGroupBuilder admin)
    {
        admin.WorkspaceGroup().MapGet("/modules", List).WithTags("Modules")
            .RequireAuthorization(WorkspacePolicies.For(WorkspaceRole.Viewer))
            .WithSummary("Descriptors of every registered module: settings schema, outputs, ports, interactive, side effects.");
        return admin;
    }

    private static Ok<IReadOnlyList<ModuleDescriptor>> List(Guid workspaceId, ModuleRegistry registry) => TypedResults.Ok(registry.Descriptors);
}

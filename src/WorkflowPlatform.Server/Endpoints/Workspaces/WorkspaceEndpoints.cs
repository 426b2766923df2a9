using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using WorkflowPlatform.Server.Audit;
using WorkflowPlatform.Server.Auth;
using WorkflowPlatform.Server.Endpoints.Auth;
using WorkflowPlatform.Server.Hosting;
using WorkflowPlatform.Storage;
using WorkflowPlatform.Storage.Identity;
using WorkflowPlatform.Storage.Workspaces;

namespace WorkflowPlatform.Server.Endpoints.Workspaces;

public sealed record CreateWorkspaceRequest(string? Name);
public sealed record WorkspaceResponse(Guid Id, string Name, string Role, DateTimeOffset CreatedAt);
public sealed record AddMemberRequest(string? Email, string? Role, string? Password);
public sealed record MemberResponse(Guid UserId, string Email, string Role, DateTimeOffset CreatedAt);
public sealed record AuditEntryResponse(Guid Id, Guid? ActorId, string? ActorEmail, string Action, string EntityType, string EntityId,
    string? Before, string? After, DateTimeOffset At);

public static class WorkspaceEndpoints
{
    public static RouteGroupBuilder MapWorkspaceEndpoints(this RouteGroupBuilder admin)
    {
        var root = admin.MapGroup("/workspaces").WithTags("Workspaces");
        root.MapGet("/", ListAsync).RequireAuthorization(WorkspacePolicies.Admin).WithSummary("Workspaces the signed-in admin belongs to.");
        root.MapPost("/", CreateAsync).RequireAuthorization(WorkspacePolicies.Admin).WithSummary("Create a workspace; the creator becomes its Owner.");

        var ws = WorkspaceGroup(admin);
        ws.MapGet("/", GetAsync).RequireAuthorization(WorkspacePolicies.For(WorkspaceRole.Viewer)).WithTags("Workspaces").WithSummary("One workspace.");
        ws.MapGet("/members", ListMembersAsync).RequireAuthorization(WorkspacePolicies.For(WorkspaceRole.Viewer)).WithTags("Members").WithSummary("Members and their roles.");
        ws.MapPost("/members", AddMemberAsync).RequireAuthorization(WorkspacePolicies.For(WorkspaceRole.Admin)).WithTags("Members")
            .WithSummary("Add an admin user by e-mail (creating the user when a password is given).");
        ws.MapDelete("/members/{userId:guid}", RemoveMemberAsync).RequireAuthorization(WorkspacePolicies.For(WorkspaceRole.Admin)).WithTags("Members").WithSummary("Remove a member.");
        ws.MapGet("/audit", ListAuditAsync).RequireAuthorization(WorkspacePolicies.For(WorkspaceRole.Admin)).WithTags("Audit")
            .WithSummary("Audit entries, newest first; filters entity, from, to; paging skip, take.");
        return admin;
    }

    /// <summary>The group every workspace-scoped feature maps under: <c>/api/admin/workspaces/{workspaceId}</c>.</summary>
    public static RouteGroupBuilder WorkspaceGroup(this RouteGroupBuilder admin) => admin.MapGroup("/workspaces/{workspaceId:guid}");

    private static async Task<Ok<List<WorkspaceSummary>>> ListAsync(HttpContext http, PlatformDbContext db, UserManager<AdminUser> users, CancellationToken ct)
    {
        var user = await users.GetUserAsync(http.User) ?? throw new InvalidOperationException("Signed-in user vanished.");
        return TypedResults.Ok((await AuthEndpoints.DescribeAsync(db, user, ct)).Workspaces.ToList());
    }

    private static async Task<Results<Created<WorkspaceResponse>, ValidationProblem>> CreateAsync(
        CreateWorkspaceRequest body, HttpContext http, PlatformDbContext db, AuditLog audit, TimeProvider time, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var name = errors.Required("name", body.Name, Workspace.NameMaxLength);
        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }
        var now = time.GetUtcNow();
        var workspace = new Workspace { Id = Guid.CreateVersion7(), Name = name!, CreatedAt = now };
        db.Workspaces.Add(workspace);
        db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = workspace.Id, UserId = http.User.UserId(), Role = WorkspaceRole.Owner, CreatedAt = now });
        db.Workspace.Set(workspace.Id);
        audit.Record("workspace.created", "workspace", workspace.Id.ToString(), null, new { workspace.Name });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/admin/workspaces/{workspace.Id}", new WorkspaceResponse(workspace.Id, workspace.Name, nameof(WorkspaceRole.Owner), now));
    }

    private static async Task<Ok<WorkspaceResponse>> GetAsync(Guid workspaceId, HttpContext http, PlatformDbContext db, CancellationToken ct)
    {
        var w = await db.Workspaces.AsNoTracking().SingleAsync(x => x.Id == workspaceId, ct);
        return TypedResults.Ok(new WorkspaceResponse(w.Id, w.Name, http.CurrentMember().Role.ToString(), w.CreatedAt));
    }

    private static async Task<Ok<List<MemberResponse>>> ListMembersAsync(Guid workspaceId, PlatformDbContext db, CancellationToken ct)
    {
        var rows = await (
            from m in db.WorkspaceMembers
            join u in db.Users on m.UserId equals u.Id
            orderby u.Email
            select new { m.UserId, u.Email, m.Role, m.CreatedAt }).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(r => new MemberResponse(r.UserId, r.Email!, r.Role.ToString(), r.CreatedAt)).ToList());
    }

    private static async Task<Results<Created<MemberResponse>, ValidationProblem, ProblemHttpResult>> AddMemberAsync(
        Guid workspaceId, AddMemberRequest body, HttpContext http, PlatformDbContext db, UserManager<AdminUser> users, AuditLog audit, TimeProvider time, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var email = errors.Email("email", body.Email);
        var roleText = errors.Required("role", body.Role, 20);
        var role = default(WorkspaceRole);
        if (roleText is not null && (!Enum.TryParse(roleText, ignoreCase: true, out role) || !Enum.IsDefined(role) || int.TryParse(roleText, out _)))
        {
            errors.Add("role", "One of Owner, Admin, Designer, Reviewer, Viewer.");
        }
        var password = errors.Optional("password", body.Password, 512);
        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }
        if (role == WorkspaceRole.Owner && http.CurrentMember().Role != WorkspaceRole.Owner)
        {
            return Problems.Create(403, ErrorCodes.Forbidden, "Forbidden", "Only an Owner can add an Owner.");
        }
        var now = time.GetUtcNow();
        var user = await users.FindByEmailAsync(email!);
        if (user is null)
        {
            if (password is null)
            {
                return Problems.Create(404, ErrorCodes.UserNotFound, "Not found", "No admin user has this e-mail; send a password to create one.");
            }
            user = new AdminUser { Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true, CreatedAt = now };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                var e = new FieldErrors();
                foreach (var error in created.Errors)
                {
                    e.Add(error.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "email", error.Description);
                }
                return Problems.Validation(e.ToDictionary());
            }
        }
        if (await db.WorkspaceMembers.AnyAsync(m => m.UserId == user.Id, ct))
        {
            return Problems.Conflict(ErrorCodes.AlreadyMember, "This user is already a member of the workspace.");
        }
        var member = new WorkspaceMember { WorkspaceId = workspaceId, UserId = user.Id, Role = role, CreatedAt = now };
        db.WorkspaceMembers.Add(member);
        audit.Record("member.added", "member", user.Id.ToString(), null, new { email, role = role.ToString() });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/admin/workspaces/{workspaceId}/members/{user.Id}", new MemberResponse(user.Id, email!, role.ToString(), now));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveMemberAsync(
        Guid workspaceId, Guid userId, HttpContext http, PlatformDbContext db, AuditLog audit, CancellationToken ct)
    {
        var member = await db.WorkspaceMembers.SingleOrDefaultAsync(m => m.UserId == userId, ct);
        if (member is null)
        {
            return Problems.NotFound("member");
        }
        if (member.Role == WorkspaceRole.Owner)
        {
            if (http.CurrentMember().Role != WorkspaceRole.Owner)
            {
                return Problems.Create(403, ErrorCodes.Forbidden, "Forbidden", "Only an Owner can remove an Owner.");
            }
            if (await db.WorkspaceMembers.CountAsync(m => m.Role == WorkspaceRole.Owner, ct) == 1)
            {
                return Problems.Conflict(ErrorCodes.LastOwner, "A workspace keeps at least one Owner.");
            }
        }
        db.WorkspaceMembers.Remove(member);
        audit.Record("member.removed", "member", userId.ToString(), new { role = member.Role.ToString() }, null);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<List<AuditEntryResponse>>, ValidationProblem>> ListAuditAsync(
        Guid workspaceId, PlatformDbContext db, string? entity, DateTimeOffset? from, DateTimeOffset? to, int? skip, int? take, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var s = errors.Range("skip", skip, 0, 1_000_000, 0);
        var t = errors.Range("take", take, 1, 500, 100);
        errors.Optional("entity", entity, 100);
        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }
        var q = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrEmpty(entity))
        {
            q = q.Where(a => a.EntityType == entity);
        }
        if (from is { } f)
        {
            var fu = f.ToUniversalTime();
            q = q.Where(a => a.At >= fu);
        }
        if (to is { } tt)
        {
            var tu = tt.ToUniversalTime();
            q = q.Where(a => a.At <= tu);
        }
        var rows = await q.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Skip(s).Take(t).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(a => new AuditEntryResponse(a.Id, a.ActorId, a.ActorEmail, a.Action, a.EntityType, a.EntityId, a.BeforeJson, a.AfterJson, a.At)).ToList());
    }
}

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using WorkflowPlatform.Server.Auth;
using WorkflowPlatform.Server.Hosting;
using WorkflowPlatform.Storage;
using WorkflowPlatform.Storage.Identity;

namespace WorkflowPlatform.Server.Endpoints.Auth;

public sealed record LoginRequest(string? Email, string? Password);
public sealed record WorkspaceSummary(Guid Id, string Name, string Role);
public sealed record MeResponse(Guid Id, string Email, IReadOnlyList<WorkspaceSummary> Workspaces);

public static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuthEndpoints(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/auth").WithTags("Admin auth");
        group.MapPost("/login", LoginAsync).AllowAnonymous().WithSummary("Sign in with e-mail and password; sets the admin cookie.");
        group.MapPost("/logout", (Delegate)LogoutAsync).WithSummary("Sign out.");
        group.MapGet("/me", MeAsync).WithSummary("The signed-in admin and their workspaces.");
        return admin;
    }

    private static async Task<Results<Ok<MeResponse>, ProblemHttpResult, ValidationProblem>> LoginAsync(
        LoginRequest body, SignInManager<AdminUser> signIn, UserManager<AdminUser> users, PlatformDbContext db, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var email = errors.Required("email", body.Email, 256);
        var password = errors.Required("password", body.Password, 512);
        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }
        var user = await users.FindByEmailAsync(email!);
        if (user is null)
        {
            return Problems.Create(401, ErrorCodes.InvalidCredentials, "Unauthorized", "E-mail or password is wrong.");
        }
        var result = await signIn.PasswordSignInAsync(user, password!, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return Problems.Create(423, ErrorCodes.LockedOut, "Locked out", "Too many failed sign-ins; try again later.");
        }
        if (!result.Succeeded)
        {
            return Problems.Create(401, ErrorCodes.InvalidCredentials, "Unauthorized", "E-mail or password is wrong.");
        }
        return TypedResults.Ok(await DescribeAsync(db, user, ct));
    }

    private static async Task<NoContent> LogoutAsync(HttpContext http)
    {
        await http.SignOutAsync(IdentityConstants.ApplicationScheme);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> MeAsync(HttpContext http, UserManager<AdminUser> users, PlatformDbContext db, CancellationToken ct)
    {
        var user = await users.GetUserAsync(http.User);
        if (user is null)
        {
            return Problems.Create(401, ErrorCodes.Unauthorized, "Unauthorized", "Sign in first.");
        }
        return TypedResults.Ok(await DescribeAsync(db, user, ct));
    }

    internal static async Task<MeResponse> DescribeAsync(PlatformDbContext db, AdminUser user, CancellationToken ct)
    {
        // Memberships across workspaces: deliberately outside the workspace filter, restricted to this user.
        var workspaces = await (
            from m in db.WorkspaceMembers.IgnoreQueryFilters()
            join w in db.Workspaces on m.WorkspaceId equals w.Id
            where m.UserId == user.Id
            orderby w.Name
            select new { w.Id, w.Name, m.Role }).ToListAsync(ct);
        return new MeResponse(user.Id, user.Email!, workspaces.Select(w => new WorkspaceSummary(w.Id, w.Name, w.Role.ToString())).ToList());
    }
}

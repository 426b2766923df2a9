using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using WorkflowPlatform.Server.Auth;
using WorkflowPlatform.Server.Endpoints.Auth;
using WorkflowPlatform.Server.Hosting;
using WorkflowPlatform.Storage;
using WorkflowPlatform.Storage.Identity;
using WorkflowPlatform.Storage.Workspaces;

namespace WorkflowPlatform.Server.Endpoints.Setup;

public sealed record SetupStatusResponse(bool SetupRequired);
public sealed record SetupRequest(string? Token, string? Email, string? Password, string? WorkspaceName);

public static class SetupEndpoints
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static RouteGroupBuilder MapSetupEndpoints(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/setup").WithTags("First run").AllowAnonymous();
        group.MapGet("/status", StatusAsync).WithSummary("Whether the first admin still has to be created.");
        group.MapPost("/", SetupAsync).WithSummary("Create the first admin with the one-time token printed to the server log.");
        return admin;
    }

    private static async Task<Ok<SetupStatusResponse>> StatusAsync(PlatformDbContext db, CancellationToken ct) =>
        TypedResults.Ok(new SetupStatusResponse(!await AdminProvisioning.AnyAdminAsync(db, ct)));

    private static async Task<Results<Created<MeResponse>, ProblemHttpResult, ValidationProblem>> SetupAsync(
        SetupRequest body, HttpContext http, PlatformDbContext db, SetupTokenStore tokens, SignInManager<AdminUser> signIn, CancellationToken ct)
    {
        // One setup at a time in this process; a second node has no token of ours to accept.
        await Gate.WaitAsync(ct);
        try
        {
            if (await AdminProvisioning.AnyAdminAsync(db, ct))
            {
                return Problems.Conflict(ErrorCodes.SetupAlreadyDone, "An admin already exists; sign in instead.");
            }
            var errors = new FieldErrors();
            var token = errors.Required("token", body.Token, 200);
            var email = errors.Email("email", body.Email);
            var password = errors.Required("password", body.Password, 512);
            var workspaceName = errors.Optional("workspaceName", body.WorkspaceName, Workspace.NameMaxLength) ?? "Default";
            if (errors.Any)
            {
                return Problems.Validation(errors.ToDictionary());
            }
            // Checked after the other fields so a typo in the password does not burn the token.
            var passwordErrors = new FieldErrors();
            var validators = http.RequestServices.GetRequiredService<UserManager<AdminUser>>();
            foreach (var validator in validators.PasswordValidators)
            {
                var r = await validator.ValidateAsync(validators, new AdminUser(), password);
                foreach (var e in r.Errors)
                {
                    passwordErrors.Add("password", e.Description);
                }
            }
            if (passwordErrors.Any)
            {
                return Problems.Validation(passwordErrors.ToDictionary());
            }
            if (!tokens.TryConsume(token!))
            {
                return Problems.Create(403, ErrorCodes.SetupTokenInvalid, "Forbidden", "The setup token is wrong or already used.");
            }
            var (user, result) = await AdminProvisioning.CreateFirstAdminAsync(http.RequestServices, email!, password!, workspaceName, ct);
            if (user is null)
            {
                var e = new FieldErrors();
                foreach (var error in result.Errors)
                {
                    e.Add(error.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "email", error.Description);
                }
                return Problems.Validation(e.ToDictionary());
            }
            await signIn.SignInAsync(user, isPersistent: false);
            return TypedResults.Created("/api/admin/auth/me", await AuthEndpoints.DescribeAsync(db, user, ct));
        }
        finally
        {
            Gate.Release();
        }
    }
}

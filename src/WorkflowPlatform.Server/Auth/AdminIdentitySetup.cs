using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using WorkflowPlatform.Server.Hosting;
using WorkflowPlatform.Storage;
using WorkflowPlatform.Storage.Identity;
using WorkflowPlatform.Storage.Workspaces;

namespace WorkflowPlatform.Server.Auth;

/// <summary>First-run admin. Section <c>Admin</c> (env <c>WFP_Admin__Email</c>, <c>WFP_Admin__Password</c>).</summary>
public sealed class AdminBootstrapOptions
{
    public const string SectionName = "Admin";

    /// <summary>E-mail of the first admin, created at start-up when no admin exists yet.</summary>
    [EmailAddress]
    public string? Email { get; set; }

    /// <summary>Password of the first admin (must satisfy the password policy).</summary>
    public string? Password { get; set; }

    /// <summary>Name of the workspace created with the first admin. Default <c>Default</c>.</summary>
    [MaxLength(Workspace.NameMaxLength)]
    public string WorkspaceName { get; set; } = "Default";
}

public static class AdminIdentitySetup
{
    public const string ApiKeyScheme = "ApiKey";

    /// <summary>
    /// ASP.NET Core Identity with a cookie for <c>/api/admin</c> (401/403 as ProblemDetails, never a
    /// redirect), lockout, password policy, the API key scheme for <c>/api/v1</c>, and one
    /// authorization policy per minimum workspace role.
    /// </summary>
    public static IServiceCollection AddPlatformAuth(this IServiceCollection services)
    {
        services.AddOptions<AdminBootstrapOptions>().BindConfiguration(AdminBootstrapOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => string.IsNullOrEmpty(o.Email) == string.IsNullOrEmpty(o.Password), "Admin:Email and Admin:Password must be set together.")
            .ValidateOnStart();
        services.AddOptions<ApiKeyOptions>().BindConfiguration(ApiKeyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddCookie(IdentityConstants.ApplicationScheme, o =>
            {
                o.Cookie.Name = "wfp_admin";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events = new CookieAuthenticationEvents
                {
                    OnRedirectToLogin = ctx => Problems.WriteAsync(ctx.HttpContext, 401, ErrorCodes.Unauthorized, "Unauthorized", "Sign in first."),
                    OnRedirectToAccessDenied = ctx => Problems.WriteAsync(ctx.HttpContext, 403, ErrorCodes.Forbidden, "Forbidden", "Your role does not allow this."),
                };
            })
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyScheme, _ => { });

        services.AddIdentityCore<AdminUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 5;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddSignInManager()
            .AddEntityFrameworkStores<PlatformDbContext>();

        services.AddScoped<IAuthorizationHandler, WorkspaceRoleHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, WorkspaceAuthorizationResultHandler>();
        services.AddAuthorization(o =>
        {
            foreach (var role in Enum.GetValues<WorkspaceRole>())
            {
                o.AddPolicy(WorkspacePolicies.For(role), p => p
                    .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme)
                    .RequireAuthenticatedUser()
                    .AddRequirements(new WorkspaceRoleRequirement(role)));
            }
            o.AddPolicy(WorkspacePolicies.Admin, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireAuthenticatedUser());
            o.AddPolicy(WorkspacePolicies.ApiClient, p => p.AddAuthenticationSchemes(ApiKeyScheme).RequireAuthenticatedUser());
        });
        services.AddSingleton<SetupTokenStore>();
        services.AddHostedService<FirstRunInitializer>();
        return services;
    }
}

using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WorkflowPlatform.Server.Audit;
using WorkflowPlatform.Storage;
using WorkflowPlatform.Storage.Identity;
using WorkflowPlatform.Storage.Workspaces;

namespace WorkflowPlatform.Server.Auth;

/// <summary>The one-time setup token of this process (kept in memory only, compared by hash).</summary>
public sealed class SetupTokenStore
{
    private readonly Lock gate = new();
    private byte[]? hash;

    public string Issue()
    {
        Span<byte> random = stackalloc byte[24];
        RandomNumberGenerator.Fill(random);
        var token = Convert.ToHexStringLower(random);
        lock (gate)
        {
            hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        }
        return token;
    }

    public bool IsIssued
    {
        get { lock (gate) { return hash is not null; } }
    }

    /// <summary>True once for the right token; the token is spent on success.</summary>
    public bool TryConsume(string token)
    {
        var candidate = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        lock (gate)
        {
            if (hash is null || !CryptographicOperations.FixedTimeEquals(hash, candidate))
            {
                return false;
            }
            hash = null;
            return true;
        }
    }
}

/// <summary>Creates the first admin with a workspace they own (used by start-up bootstrap and by the setup endpoint).</summary>
public static class AdminProvisioning
{
    public static async Task<(AdminUser? User, IdentityResult Result)> CreateFirstAdminAsync(
        IServiceProvider services, string email, string password, string workspaceName, CancellationToken ct)
    {
        var users = services.GetRequiredService<UserManager<AdminUser>>();
        var db = services.GetRequiredService<PlatformDbContext>();
        var time = services.GetRequiredService<TimeProvider>();
        var now = time.GetUtcNow();
        var user = new AdminUser { Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true, CreatedAt = now };
        // One transaction for user, workspace and membership: a node that loses a start-up race
        // leaves nothing half-created behind.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            return (null, result);
        }
        var workspace = new Workspace { Id = Guid.CreateVersion7(), Name = workspaceName, CreatedAt = now };
        db.Workspaces.Add(workspace);
        db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = workspace.Id, UserId = user.Id, Role = WorkspaceRole.Owner, CreatedAt = now });
        db.AuditEntries.Add(AuditLog.Entry(workspace.Id, user.Id, email, "workspace.created", "workspace", workspace.Id.ToString(), null,
            new { workspace.Name, owner = email }, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (user, result);
    }

    public static Task<bool> AnyAdminAsync(PlatformDbContext db, CancellationToken ct) => db.Users.AnyAsync(ct);
}

/// <summary>
/// On start: if no admin exists, creates one from <c>Admin:Email</c>/<c>Admin:Password</c>, or else
/// issues a one-time setup token and logs the setup link once the server knows its address.
/// </summary>
internal sealed partial class FirstRunInitializer(
    IServiceScopeFactory scopes,
    IOptions<AdminBootstrapOptions> options,
    SetupTokenStore tokens,
    IHostApplicationLifetime lifetime,
    IServer server,
    ILogger<FirstRunInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        if (await AdminProvisioning.AnyAdminAsync(db, cancellationToken))
        {
            lifetime.ApplicationStarted.Register(() => Log.SignIn(logger, string.Join(", ", Addresses().Select(a => a + "/console/"))));
            return;
        }
        var o = options.Value;
        if (!string.IsNullOrEmpty(o.Email) && !string.IsNullOrEmpty(o.Password))
        {
            IdentityResult result;
            try
            {
                (_, result) = await AdminProvisioning.CreateFirstAdminAsync(scope.ServiceProvider, o.Email, o.Password, o.WorkspaceName, cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another node inserted the same admin between our check and our insert.
                result = IdentityResult.Failed(new IdentityError { Code = "DuplicateUserName", Description = "created concurrently" });
            }
            if (!result.Succeeded && result.Errors.All(e => e.Code is "DuplicateUserName" or "DuplicateEmail") && await AnotherNodeCreatedAdminAsync(cancellationToken))
            {
                Log.AdminCreatedElsewhere(logger, o.Email);
                lifetime.ApplicationStarted.Register(() => Log.SignIn(logger, string.Join(", ", Addresses().Select(a => a + "/console/"))));
                return;
            }
            if (!result.Succeeded)
            {
                // A configured admin that cannot be created is a configuration error: refuse to start.
                throw new InvalidOperationException("Admin:Email/Admin:Password could not create the first admin: " +
                    string.Join("; ", result.Errors.Select(e => e.Description)));
            }
            Log.AdminCreated(logger, o.Email, o.WorkspaceName);
            lifetime.ApplicationStarted.Register(() => Log.SignIn(logger, string.Join(", ", Addresses().Select(a => a + "/console/"))));
            return;
        }
        var token = tokens.Issue();
        lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var address in Addresses())
            {
                Log.SetupLink(logger, $"{address}/console/setup?token={token}");
            }
            Log.SetupToken(logger, token);
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<bool> AnotherNodeCreatedAdminAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await AdminProvisioning.AnyAdminAsync(scope.ServiceProvider.GetRequiredService<PlatformDbContext>(), ct);
    }

    private IEnumerable<string> Addresses()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        return addresses is { Count: > 0 } ? addresses.Select(a => a.TrimEnd('/')) : ["http://localhost"];
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "No admin exists yet. Finish setup at {SetupUrl}")]
        public static partial void SetupLink(ILogger logger, string setupUrl);

        [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "One-time setup token: {Token} (POST /api/admin/setup {{token, email, password, workspaceName}})")]
        public static partial void SetupToken(ILogger logger, string token);

        [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Created the first admin {Email} with workspace {Workspace}")]
        public static partial void AdminCreated(ILogger logger, string email, string workspace);

        [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "The first admin {Email} was created by another server process starting at the same time")]
        public static partial void AdminCreatedElsewhere(ILogger logger, string email);

        [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Sign in at {Urls} (POST /api/admin/auth/login)")]
        public static partial void SignIn(ILogger logger, string urls);
    }
}

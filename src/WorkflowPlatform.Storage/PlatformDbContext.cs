using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using WorkflowPlatform.Storage.Applications;
using WorkflowPlatform.Storage.Audit;
using WorkflowPlatform.Storage.Identity;
using WorkflowPlatform.Storage.Schema;
using WorkflowPlatform.Storage.Workspaces;

namespace WorkflowPlatform.Storage;

/// <summary>
/// The platform's EF Core context. Entity configuration lives beside each entity in its feature
/// folder (<c>IEntityTypeConfiguration&lt;T&gt;</c>, picked up from this assembly); the schema itself is
/// created by the versioned scripts under <c>Migrations/&lt;provider&gt;/</c>. Every
/// <see cref="IWorkspaceOwned"/> entity is filtered to <see cref="IWorkspaceContext.WorkspaceId"/>.
/// </summary>
public sealed class PlatformDbContext(DbContextOptions<PlatformDbContext> options, IWorkspaceContext workspace)
    : IdentityDbContext<AdminUser, IdentityRole<Guid>, Guid>(options)
{
    /// <summary>Read by the global query filters; null matches no workspace-owned row.</summary>
    public Guid? CurrentWorkspaceId => workspace.WorkspaceId;

    public IWorkspaceContext Workspace => workspace;

    public DbSet<Workspace> Workspaces => Set<Workspace>();
    public DbSet<WorkspaceMember> WorkspaceMembers => Set<WorkspaceMember>();
    public DbSet<Application> Applications => Set<Application>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<DataProtection.DataProtectionKey> DataProtectionKeys => Set<DataProtection.DataProtectionKey>();
    public DbSet<Users.UserProfileRecord> UserProfiles => Set<Users.UserProfileRecord>();
    public DbSet<Users.UserErasure> UserErasures => Set<Users.UserErasure>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<AdminUser>().ToTable("admin_users");
        builder.Entity<IdentityRole<Guid>>().ToTable("admin_roles");
        builder.Entity<IdentityUserRole<Guid>>().ToTable("admin_user_roles");
        builder.Entity<IdentityRoleClaim<Guid>>().ToTable("admin_role_claims");
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("admin_user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("admin_user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("admin_user_tokens");
        builder.ApplyConfigurationsFromAssembly(typeof(PlatformDbContext).Assembly);
        builder.UseSnakeCaseNames();
        builder.UseWorkspaceFilter(this);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        }
    }
}

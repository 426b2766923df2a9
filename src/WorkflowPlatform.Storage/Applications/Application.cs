using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowPlatform.Storage.Schema;
using WorkflowPlatform.Storage.Workspaces;

namespace WorkflowPlatform.Storage.Applications;

/// <summary>An API client of a workspace: its settings for verification sessions and its API keys.</summary>
public sealed class Application : IWorkspaceOwned
{
    public const int NameMaxLength = 200;
    public const int UrlMaxLength = 2048;
    public const int LocaleMaxLength = 20;
    public const int WorkflowKeyMaxLength = 100;

    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public required string Name { get; set; }
    public string? ReturnUrl { get; set; }
    public List<string> AllowedOrigins { get; set; } = [];
    public string DefaultLocale { get; set; } = "en-US";
    public int SessionTtlSeconds { get; set; } = 1800;
    public int Attempts { get; set; } = 3;
    public string? OnboardingWorkflow { get; set; }
    public string? VerificationWorkflow { get; set; }
    public List<string> VerificationWays { get; set; } = [];
    public List<string> NotificationDomains { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Whether a key acts on live data or on the test sandbox; part of the key text (<c>wfp_live_</c>/<c>wfp_test_</c>).</summary>
public enum ApiKeyMode
{
    Live,
    Test,
}

/// <summary>An application's API key. Only the SHA-256 hash of the key is stored; the key text is shown once.</summary>
public sealed class ApiKey : IWorkspaceOwned
{
    public const int NameMaxLength = 200;

    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid ApplicationId { get; set; }
    public required string Name { get; set; }
    public ApiKeyMode Mode { get; set; }
    /// <summary>The first characters of the key, enough to recognise it in a list.</summary>
    public required string Prefix { get; set; }
    /// <summary>Lower-case hex SHA-256 of the whole key text.</summary>
    public required string Hash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

internal sealed class ApplicationConfiguration : IEntityTypeConfiguration<Application>
{
    public void Configure(EntityTypeBuilder<Application> b)
    {
        b.ToTable("applications");
        b.HasKey(x => x.Id);
        b.Property(x => x.Name).HasMaxLength(Application.NameMaxLength);
        b.Property(x => x.ReturnUrl).HasMaxLength(Application.UrlMaxLength);
        b.Property(x => x.DefaultLocale).HasMaxLength(Application.LocaleMaxLength);
        b.Property(x => x.OnboardingWorkflow).HasMaxLength(Application.WorkflowKeyMaxLength);
        b.Property(x => x.VerificationWorkflow).HasMaxLength(Application.WorkflowKeyMaxLength);
        b.Property(x => x.AllowedOrigins).HasJsonListConversion();
        b.Property(x => x.VerificationWays).HasJsonListConversion();
        b.Property(x => x.NotificationDomains).HasJsonListConversion();
        b.HasIndex(x => x.WorkspaceId);
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.ToTable("api_keys");
        b.HasKey(x => x.Id);
        b.Property(x => x.Name).HasMaxLength(ApiKey.NameMaxLength);
        b.Property(x => x.Mode).HasConversion(m => m == ApiKeyMode.Live ? "live" : "test", s => s == "live" ? ApiKeyMode.Live : ApiKeyMode.Test).HasMaxLength(10);
        b.Property(x => x.Prefix).HasMaxLength(40);
        b.Property(x => x.Hash).HasMaxLength(64);
        b.HasIndex(x => x.Hash).IsUnique();
        b.HasIndex(x => x.ApplicationId);
        b.HasIndex(x => x.WorkspaceId);
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Application>().WithMany().HasForeignKey(x => x.ApplicationId).OnDelete(DeleteBehavior.Cascade);
    }
}

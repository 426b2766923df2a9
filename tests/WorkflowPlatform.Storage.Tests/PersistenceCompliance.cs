using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using WorkflowPlatform.Storage.Applications;
using WorkflowPlatform.Storage.Audit;
using WorkflowPlatform.Storage.Identity;
using WorkflowPlatform.Storage.Migrations;
using WorkflowPlatform.Storage.Workspaces;
using WorkflowPlatform.Testing;
using Xunit;

namespace WorkflowPlatform.Storage.Tests;

/// <summary>
/// The storage contract, run against every database: one abstract class, one subclass per provider.
/// Each test gets a fresh database (xunit creates a class instance per test).
/// </summary>
public abstract class PersistenceCompliance(TestDatabase kind) : IAsyncLifetime
{
    protected StorageTestDatabase Database { get; } = new(kind);

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        await Database.Migrator.MigrateAsync();
    }

    public Task DisposeAsync() => Database.DisposeAsync();

    [Fact]
    public async Task Migrate_FreshDatabase_RecordsEveryScriptOnceWithChecksum()
    {
        var expected = SchemaMigrator.LoadScripts(kind == TestDatabase.Postgres ? StorageProvider.Postgres : StorageProvider.Sqlite);
        var (scope, db) = Database.Open();
        await using var _ = scope;

        var rows = await db.Database.SqlQueryRaw<MigrationRow>("SELECT version AS \"Version\", checksum AS \"Checksum\" FROM schema_migrations ORDER BY version").ToListAsync();

        Assert.Equal(expected.Select(s => s.Version), rows.Select(r => r.Version));
        Assert.Equal(expected.Select(s => s.Checksum), rows.Select(r => r.Checksum));
        Assert.Contains(expected, s => s.Name == "0001_initial");
    }

    [Fact]
    public async Task Migrate_SecondRun_AppliesNothing()
    {
        var applied = await Database.Migrator.MigrateAsync();

        Assert.Empty(applied);
    }

    [Fact]
    public async Task Migrate_AppliedScriptChanged_RefusesToStart()
    {
        var (scope, db) = Database.Open();
        await using (scope)
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE schema_migrations SET checksum = 'tampered' WHERE version = 1");
        }

        var error = await Assert.ThrowsAsync<SchemaMigrationException>(() => Database.Migrator.MigrateAsync());

        Assert.Contains("0001_initial", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_EveryEntityColumn_ExistsWithCompatibleTypeAndNullability()
    {
        var (scope, db) = Database.Open();
        await using var _ = scope;
        var schema = await SchemaInspector.ReadAsync(db, kind);
        var problems = new List<string>();

        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            if (!schema.TryGetValue(table, out var columns))
            {
                problems.Add($"table {table} missing");
                continue;
            }
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            var mapped = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in entity.GetProperties())
            {
                var name = property.GetColumnName(store)!;
                mapped.Add(name);
                if (!columns.TryGetValue(name, out var column))
                {
                    problems.Add($"{table}.{name} missing");
                    continue;
                }
                var modelType = property.GetColumnType(store);
                var compatible = kind == TestDatabase.Sqlite
                    ? SchemaInspector.SqliteAffinity(modelType) == column.Type
                    : string.Equals(modelType, column.Type, StringComparison.OrdinalIgnoreCase);
                if (!compatible)
                {
                    problems.Add($"{table}.{name}: model {modelType}, database {column.Type}");
                }
                if (property.IsColumnNullable(store) != column.Nullable)
                {
                    problems.Add($"{table}.{name}: model nullable={property.IsColumnNullable(store)}, database nullable={column.Nullable}");
                }
            }
            // A NOT NULL column the model does not know about would make every insert fail.
            problems.AddRange(columns.Where(c => !mapped.Contains(c.Key) && !c.Value.Nullable).Select(c => $"{table}.{c.Key} NOT NULL but unmapped"));
        }

        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("qrtz_job_details")]
    [InlineData("qrtz_triggers")]
    [InlineData("qrtz_locks")]
    [InlineData("qrtz_scheduler_state")]
    [InlineData("qrtz_fired_triggers")]
    public async Task Migrate_QuartzJobStoreTables_Exist(string table)
    {
        var (scope, db) = Database.Open();
        await using var _ = scope;

        var schema = await SchemaInspector.ReadAsync(db, kind);

        Assert.Contains(schema.Keys, t => string.Equals(t, table, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task WorkspaceFilter_OtherWorkspaceRows_AreInvisible()
    {
        var (a, b) = (await SeedWorkspaceAsync("A"), await SeedWorkspaceAsync("B"));
        await SeedApplicationAsync(a, "app-a");
        await SeedApplicationAsync(b, "app-b");

        var (scope, db) = Database.Open(a);
        await using var _ = scope;
        var names = await db.Applications.Select(x => x.Name).ToListAsync();
        var byId = await db.Applications.CountAsync(x => x.WorkspaceId == b);

        Assert.Equal(["app-a"], names);
        Assert.Equal(0, byId);
    }

    [Fact]
    public async Task WorkspaceFilter_NoWorkspaceSet_SeesNothing()
    {
        var ws = await SeedWorkspaceAsync("A");
        await SeedApplicationAsync(ws, "app");

        var (scope, db) = Database.Open();
        await using var _ = scope;

        Assert.Equal(0, await db.Applications.CountAsync());
        Assert.Equal(1, await db.Applications.IgnoreQueryFilters().CountAsync());
    }

    [Fact]
    public async Task WorkspaceContext_SetToAnotherWorkspace_Throws()
    {
        var (scope, db) = Database.Open(Guid.NewGuid());
        await using var _ = scope;

        Assert.Throws<InvalidOperationException>(() => db.Workspace.Set(Guid.NewGuid()));
    }

    [Fact]
    public async Task Application_ListsAndSettings_RoundTrip()
    {
        var ws = await SeedWorkspaceAsync("A");
        var id = await SeedApplicationAsync(ws, "app", app =>
        {
            app.AllowedOrigins = ["https://a.example", "https://b.example"];
            app.VerificationWays = ["link", "qr"];
            app.NotificationDomains = ["hooks.example.com"];
            app.Attempts = 5;
            app.ReturnUrl = "https://a.example/done";
        });

        var (scope, db) = Database.Open(ws);
        await using var _ = scope;
        var loaded = await db.Applications.SingleAsync(x => x.Id == id);

        Assert.Equal(["https://a.example", "https://b.example"], loaded.AllowedOrigins);
        Assert.Equal(["link", "qr"], loaded.VerificationWays);
        Assert.Equal(["hooks.example.com"], loaded.NotificationDomains);
        Assert.Equal(5, loaded.Attempts);
        Assert.Equal("https://a.example/done", loaded.ReturnUrl);
    }

    [Fact]
    public async Task AuditEntries_FilterAndOrderByTime_InDatabase()
    {
        var ws = await SeedWorkspaceAsync("A");
        // Microsecond precision: the finest both databases keep (PostgreSQL timestamps are microseconds).
        var t0 = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234560);
        var (scope, db) = Database.Open(ws);
        await using (scope)
        {
            for (var i = 0; i < 5; i++)
            {
                db.AuditEntries.Add(new AuditEntry
                {
                    Id = Guid.NewGuid(), WorkspaceId = ws, Action = "x.changed", EntityType = "x", EntityId = i.ToString(), At = t0.AddMinutes(i),
                });
            }
            await db.SaveChangesAsync();
        }

        var (scope2, db2) = Database.Open(ws);
        await using var _ = scope2;
        var from = t0.AddMinutes(1);
        var rows = await db2.AuditEntries.Where(e => e.At >= from).OrderByDescending(e => e.At).ToListAsync();

        Assert.Equal(["4", "3", "2", "1"], rows.Select(r => r.EntityId));
        Assert.Equal(t0.AddMinutes(4), rows[0].At);
    }

    [Fact]
    public async Task ApiKey_DuplicateHash_IsRejectedByTheDatabase()
    {
        var ws = await SeedWorkspaceAsync("A");
        var app = await SeedApplicationAsync(ws, "app");
        var (scope, db) = Database.Open(ws);
        await using var _ = scope;
        ApiKey Key() => new() { Id = Guid.NewGuid(), WorkspaceId = ws, ApplicationId = app, Name = "k", Prefix = "wfp_live_abcdefgh", Hash = new string('a', 64), CreatedAt = DateTimeOffset.UtcNow };
        db.ApiKeys.Add(Key());
        await db.SaveChangesAsync();

        db.ApiKeys.Add(Key());

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task DeleteWorkspace_CascadesToOwnedRows()
    {
        var ws = await SeedWorkspaceAsync("A");
        await SeedApplicationAsync(ws, "app");
        var (scope, db) = Database.Open(ws);
        await using (scope)
        {
            await db.Workspaces.Where(w => w.Id == ws).ExecuteDeleteAsync();
        }

        var (scope2, db2) = Database.Open();
        await using var _ = scope2;

        Assert.Equal(0, await db2.Applications.IgnoreQueryFilters().CountAsync());
    }

    private async Task<Guid> SeedWorkspaceAsync(string name)
    {
        var (scope, db) = Database.Open();
        await using var _ = scope;
        var user = new AdminUser { Id = Guid.NewGuid(), UserName = name + "@example.test", Email = name + "@example.test", CreatedAt = DateTimeOffset.UtcNow };
        var ws = new Workspace { Id = Guid.NewGuid(), Name = name, CreatedAt = DateTimeOffset.UtcNow };
        db.Users.Add(user);
        db.Workspaces.Add(ws);
        db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = ws.Id, UserId = user.Id, Role = WorkspaceRole.Owner, CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return ws.Id;
    }

    private async Task<Guid> SeedApplicationAsync(Guid workspaceId, string name, Action<Application>? configure = null)
    {
        var (scope, db) = Database.Open(workspaceId);
        await using var _ = scope;
        var app = new Application { Id = Guid.NewGuid(), WorkspaceId = workspaceId, Name = name, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
        configure?.Invoke(app);
        db.Applications.Add(app);
        await db.SaveChangesAsync();
        return app.Id;
    }

    public sealed record MigrationRow(int Version, string Checksum);
}

public sealed class PersistenceCompliance_Sqlite() : PersistenceCompliance(TestDatabase.Sqlite);

public sealed class PersistenceCompliance_Postgres() : PersistenceCompliance(TestDatabase.Postgres);

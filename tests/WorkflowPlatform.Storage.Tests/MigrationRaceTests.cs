using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowPlatform.Storage.Migrations;
using WorkflowPlatform.Testing;
using Xunit;

namespace WorkflowPlatform.Storage.Tests;

/// <summary>Several servers starting at once against one database must end with one schema.</summary>
public sealed class MigrationRaceTests
{
    [Theory]
    [InlineData(TestDatabase.Postgres)]
    [InlineData(TestDatabase.Sqlite)]
    public async Task MigrateAsync_FourRunnersAtOnce_ApplyEachScriptExactlyOnce(TestDatabase kind)
    {
        var database = new StorageTestDatabase(kind);
        await database.InitializeAsync();
        try
        {
            var providers = Enumerable.Range(0, 4).Select(_ => database.BuildServices()).ToList();
            using var start = new ManualResetEventSlim();
            var runs = providers.Select(p => Task.Run(async () =>
            {
                start.Wait();
                return await p.GetRequiredService<SchemaMigrator>().MigrateAsync();
            })).ToList();

            start.Set();
            var applied = await Task.WhenAll(runs);

            var scripts = SchemaMigrator.LoadScripts(kind == TestDatabase.Postgres ? StorageProvider.Postgres : StorageProvider.Sqlite);
            // Every script applied by exactly one runner, none twice.
            Assert.Equal(scripts.Select(s => s.Version).Order(), applied.SelectMany(a => a).Order());
            var (scope, db) = database.Open();
            await using (scope)
            {
                var versions = await db.Database.SqlQueryRaw<int>("SELECT version AS \"Value\" FROM schema_migrations").ToListAsync();
                Assert.Equal(scripts.Count, versions.Count);
            }
            foreach (var p in providers)
            {
                await p.DisposeAsync();
            }
        }
        finally
        {
            await database.DisposeAsync();
        }
    }
}

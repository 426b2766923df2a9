using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using WorkflowPlatform.Testing;
using Xunit;

namespace WorkflowPlatform.Server.Tests;

/// <summary>Two server processes starting at once against one PostgreSQL database.</summary>
public sealed class MultiNodeStartupTests
{
    [Fact]
    public async Task TwoNodesStartingTogether_OneSchemaOneAdminBothReady()
    {
        // Regression: both nodes used to try to create the configured first admin and the loser
        // refused to start with "Username is already taken".
        var connectionString = await (await PostgresServer.Shared).CreateDatabaseAsync("multinode");
        await using var a = new PlatformFactory(TestDatabase.Postgres, postgresConnectionString: connectionString);
        await using var b = new PlatformFactory(TestDatabase.Postgres, postgresConnectionString: connectionString);
        await Task.WhenAll(a.InitializeAsync(), b.InitializeAsync());

        var clients = await Task.WhenAll(Task.Run(() => a.CreateClient()), Task.Run(() => b.CreateClient()));

        foreach (var client in clients)
        {
            var ready = await (await client.GetAsync("/health/ready")).JsonAsync(HttpStatusCode.OK);
            Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        }
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // Every shipped script applied exactly once (not a fixed number: features add scripts).
        Assert.Equal((long)WorkflowPlatform.Storage.Migrations.SchemaMigrator.LoadScripts(WorkflowPlatform.Storage.StorageProvider.Postgres).Count,
            await Scalar(connection, "SELECT count(*) FROM schema_migrations"));
        Assert.Equal(1L, await Scalar(connection, "SELECT count(*) FROM admin_users"));
        Assert.Equal(1L, await Scalar(connection, "SELECT count(*) FROM workspaces"));
    }

    [Fact]
    public async Task CookieIssuedByOneNode_IsAcceptedByTheOther()
    {
        var connectionString = await (await PostgresServer.Shared).CreateDatabaseAsync("cookies");
        await using var a = new PlatformFactory(TestDatabase.Postgres, postgresConnectionString: connectionString);
        await using var b = new PlatformFactory(TestDatabase.Postgres, postgresConnectionString: connectionString);
        await a.InitializeAsync();
        await b.InitializeAsync();
        var nodeA = a.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var nodeB = b.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        var login = await nodeA.PostAsJsonAsync("/api/admin/auth/login", new { email = PlatformFactory.AdminEmail, password = PlatformFactory.AdminPassword });
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("wfp_admin=", StringComparison.Ordinal)).Split(';')[0];
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/auth/me");
        request.Headers.Add("Cookie", cookie);
        var me = await (await nodeB.SendAsync(request)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(PlatformFactory.AdminEmail, me.GetProperty("email").GetString());
    }

    private static async Task<long> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}

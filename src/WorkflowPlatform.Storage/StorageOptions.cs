namespace WorkflowPlatform.Storage;

public enum StorageProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Where the platform keeps its data. Section <c>Storage</c>; the PostgreSQL connection string may also come from <c>ConnectionStrings:Postgres</c>.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Database provider. Defaults to SQLite unless a PostgreSQL connection string is configured.</summary>
    public StorageProvider? Provider { get; set; }

    /// <summary>Folder for the embedded SQLite database and other local files. Default <c>./data</c>.</summary>
    public string DataPath { get; set; } = "./data";

    /// <summary>PostgreSQL connection string (also read from <c>ConnectionStrings:Postgres</c>).</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Apply pending schema scripts at start-up. Default true.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    public StorageProvider EffectiveProvider =>
        Provider ?? (string.IsNullOrWhiteSpace(PostgresConnectionString) ? StorageProvider.Sqlite : StorageProvider.Postgres);

    /// <summary>The ADO.NET connection string for the effective provider.</summary>
    public string ConnectionString => EffectiveProvider == StorageProvider.Postgres
        ? PostgresConnectionString ?? throw new InvalidOperationException("Storage:Provider is postgres but no ConnectionStrings:Postgres is configured.")
        : $"Data Source={SqliteFilePath};Pooling=True;Default Timeout=30";

    public string SqliteFilePath => Path.Combine(Path.GetFullPath(DataPath), "workflowplatform.db");
}

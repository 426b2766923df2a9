using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Engine.Persistence;
using WorkflowPlatform.Engine.Validation;

namespace WorkflowPlatform.Engine.Definitions;

/// <summary>
/// Draft/publish life cycle over <see cref="IWorkflowDefinitionStore"/>: saving makes (or replaces) the
/// draft, publishing validates and freezes it, older versions stay readable, diff and import/export.
/// </summary>
public sealed class WorkflowDefinitionService(IWorkflowDefinitionStore store, WorkflowValidator validator, TimeProvider time)
{
    /// <summary>Validates without saving.</summary>
    public ValidationResult Validate(WorkflowDefinition definition) => validator.Validate(definition);

    /// <summary>
    /// Saves a draft: replaces the current draft, or creates version latest+1 when the latest is published.
    /// The definition's <c>version</c> field is set to the stored version number.
    /// </summary>
    public async Task<WorkflowDefinitionVersion> SaveDraftAsync(string workspaceId, WorkflowDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!WorkflowValidator.IsValidKey(definition.Key))
        {
            // Drafts may be invalid in every other way, but the key names rows and routes.
            throw new WorkflowEngineException(ValidationCodes.KeyInvalid, "Key must be 1–64 characters of a-z, 0-9 and '-', starting with a letter or digit.");
        }

        var latest = await store.GetAsync(workspaceId, definition.Key, null, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var number = latest is null ? 1 : latest.Status == DefinitionStatus.Draft ? latest.Version : latest.Version + 1;
        var stored = definition with { Version = number };
        var row = new WorkflowDefinitionVersion
        {
            WorkspaceId = workspaceId,
            Key = definition.Key,
            Version = number,
            Status = DefinitionStatus.Draft,
            Definition = stored,
            Hash = DefinitionSerializer.ComputeHash(stored),
            CreatedAt = latest is { Status: DefinitionStatus.Draft } ? latest.CreatedAt : now,
            UpdatedAt = now,
        };
        await store.SaveAsync(row, cancellationToken).ConfigureAwait(false);
        return row;
    }

    /// <summary>
    /// Publishes the current draft after validation. Throws <see cref="DefinitionValidationException"/>
    /// (code <c>VALIDATION_FAILED</c>) with the errors, or <see cref="WorkflowEngineException"/> <c>NO_DRAFT</c>.
    /// </summary>
    public async Task<WorkflowDefinitionVersion> PublishAsync(string workspaceId, string key, CancellationToken cancellationToken = default)
    {
        var latest = await store.GetAsync(workspaceId, key, null, cancellationToken).ConfigureAwait(false);
        if (latest is null)
        {
            throw new WorkflowEngineException(EngineErrorCodes.WorkflowNotFound, $"Workflow '{key}' does not exist.");
        }

        if (latest.Status != DefinitionStatus.Draft)
        {
            throw new WorkflowEngineException(EngineErrorCodes.NoDraft, $"Workflow '{key}' has no draft; version {latest.Version} is already published.");
        }

        var result = validator.Validate(latest.Definition);
        if (!result.Valid)
        {
            throw new DefinitionValidationException(result.Errors);
        }

        var published = latest with { Status = DefinitionStatus.Published, PublishedAt = time.GetUtcNow() };
        await store.SaveAsync(published, cancellationToken).ConfigureAwait(false);
        return published;
    }

    /// <summary>Saves the definition as a draft and publishes it (import of built-ins into a new workspace).</summary>
    public async Task<WorkflowDefinitionVersion> ImportAsync(string workspaceId, string json, bool publish, CancellationToken cancellationToken = default)
    {
        var definition = DefinitionSerializer.Deserialize(json);
        await SaveDraftAsync(workspaceId, definition, cancellationToken).ConfigureAwait(false);
        return publish
            ? await PublishAsync(workspaceId, definition.Key, cancellationToken).ConfigureAwait(false)
            : (await store.GetAsync(workspaceId, definition.Key, null, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Exports a version (latest when null) as indented JSON.</summary>
    public async Task<string?> ExportAsync(string workspaceId, string key, int? version, CancellationToken cancellationToken = default)
    {
        var row = await store.GetAsync(workspaceId, key, version, cancellationToken).ConfigureAwait(false);
        return row is null ? null : DefinitionSerializer.Serialize(row.Definition, indented: true);
    }

    /// <summary>Diff between two stored versions; null when either does not exist.</summary>
    public async Task<IReadOnlyList<DefinitionChange>?> DiffAsync(string workspaceId, string key, int from, int to, CancellationToken cancellationToken = default)
    {
        var a = await store.GetAsync(workspaceId, key, from, cancellationToken).ConfigureAwait(false);
        var b = await store.GetAsync(workspaceId, key, to, cancellationToken).ConfigureAwait(false);
        return a is null || b is null ? null : DefinitionDiff.Compare(a.Definition, b.Definition);
    }

    /// <summary>Loads every <c>*.json</c> definition in a folder except the schema (built-ins for a new workspace).</summary>
    public static async Task<IReadOnlyList<WorkflowDefinition>> LoadFolderAsync(string folder, CancellationToken cancellationToken = default)
    {
        var list = new List<WorkflowDefinition>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(file).Equals("workflow.schema.json", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            list.Add(await DefinitionSerializer.LoadAsync(file, cancellationToken).ConfigureAwait(false));
        }

        return list;
    }
}

/// <summary>Publishing failed validation; carries the errors for a 422 answer.</summary>
public sealed class DefinitionValidationException(IReadOnlyList<ValidationError> errors)
    : Exception($"Definition is invalid: {errors.Count} error(s).")
{
    /// <summary>The errors.</summary>
    public IReadOnlyList<ValidationError> Errors { get; } = errors;

    /// <summary>Stable code <c>VALIDATION_FAILED</c>.</summary>
    public string Code => EngineErrorCodes.ValidationFailed;
}

namespace WorkflowPlatform.Engine.Modules.BuiltIn;

/// <summary>Wait: suspends on a timer bookmark that the scheduler resumes after the delay.</summary>
public sealed class WaitModule : IWorkflowModule
{
    /// <summary>Type key.</summary>
    public const string TypeKey = "wait";

    /// <summary>Bookmark name used for the timer.</summary>
    public const string Bookmark = "wait";

    /// <inheritdoc />
    public ModuleDescriptor Descriptor { get; } = new()
    {
        Type = TypeKey,
        DisplayName = "Wait",
        Category = "flow",
        Description = "Pauses the flow for a time; a loop back through a Wait node is allowed.",
        Waits = true,
        Ports = [Ports.Done, Ports.Skipped],
        Settings =
        [
            new SettingDescriptor { Name = "seconds", Label = "Seconds", Type = SettingTypes.Int, Default = 60, Min = 1, Max = 30 * 24 * 3600, Required = true, Description = "Delay before continuing." },
        ],
        Outputs = [new OutputDescriptor { Name = "resumed_at", Type = OutputTypes.Timestamp, Description = "When the timer fired." }],
    };

    /// <inheritdoc />
    public ValueTask<ModuleResult> ExecuteAsync(ModuleContext context)
    {
        var now = context.Time.GetUtcNow();
        if (context.Resume is not null)
        {
            return ValueTask.FromResult(ModuleResult.Done(new Dictionary<string, object?> { ["resumed_at"] = now }));
        }

        var due = now.AddSeconds(context.GetInt("seconds") ?? 60);
        return ValueTask.FromResult(ModuleResult.Suspend(Bookmark, new Dictionary<string, object?> { ["due"] = due }, due));
    }
}

using WorkflowPlatform.Engine.Execution;

namespace WorkflowPlatform.Engine.Modules.BuiltIn;

/// <summary>End: finishes the workflow with outcome approved, declined or review (also written to <c>result.outcome</c>).</summary>
public sealed class EndModule : IWorkflowModule
{
    /// <summary>Type key.</summary>
    public const string TypeKey = "end";

    /// <inheritdoc />
    public ModuleDescriptor Descriptor { get; } = new()
    {
        Type = TypeKey,
        DisplayName = "End",
        Category = "flow",
        Description = "Ends the workflow with an outcome.",
        Ports = [],
        Settings =
        [
            new SettingDescriptor
            {
                Name = "outcome", Label = "Outcome", Type = SettingTypes.Enum, Required = true, Default = "approved",
                Options = ["approved", "declined", "review"], Description = "Outcome of the request.",
            },
        ],
    };

    /// <inheritdoc />
    public ValueTask<ModuleResult> ExecuteAsync(ModuleContext context)
    {
        var outcome = context.GetString("outcome") switch
        {
            "declined" => WorkflowOutcome.Declined,
            "review" => WorkflowOutcome.Review,
            _ => WorkflowOutcome.Approved,
        };
        context.SetResult("outcome", outcome.ToWire());
        return ValueTask.FromResult(ModuleResult.Complete(outcome));
    }
}

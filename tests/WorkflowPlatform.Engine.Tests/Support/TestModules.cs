using System.Collections.Concurrent;
using WorkflowPlatform.Engine.Modules;

namespace WorkflowPlatform.Engine.Tests.Support;

/// <summary>
/// An interactive module like the identity modules: suspends on "capture" and, when resumed, outputs
/// what was submitted. A submission with error = "..." fails the step. Counts executions per instance.
/// </summary>
public sealed class CaptureModule : IWorkflowModule
{
    public const string TypeKey = "capture";

    public ConcurrentDictionary<string, int> Resumes { get; } = new();

    public ModuleDescriptor Descriptor { get; } = new()
    {
        Type = TypeKey,
        DisplayName = "Capture",
        Category = "identity",
        Description = "Waits for the person to submit a capture.",
        Interactive = true,
        SideEffects = true,
        Settings = [new SettingDescriptor { Name = "attempts", Label = "Attempts", Type = SettingTypes.Int, Default = 3, Min = 1, Max = 5 }],
        Outputs =
        [
            new OutputDescriptor { Name = "score", Type = OutputTypes.Double, Description = "Quality score." },
            new OutputDescriptor { Name = "template", Type = OutputTypes.String, Description = "Biometric template.", Sensitive = true },
            new OutputDescriptor { Name = "captured_at", Type = OutputTypes.Timestamp, Description = "When." },
        ],
    };

    public async ValueTask<ModuleResult> ExecuteAsync(ModuleContext context)
    {
        if (context.Resume is null)
        {
            return ModuleResult.Suspend("capture", new Dictionary<string, object?> { ["attempts"] = context.GetInt("attempts") });
        }

        Resumes.AddOrUpdate(context.Instance.Id, 1, (_, n) => n + 1);
        // Yield so that concurrent resumes really overlap.
        await Task.Yield();
        var input = context.Resume.Input;
        if (input.TryGetValue("error", out var error) && error is string code)
        {
            return ModuleResult.Fail(code, "Capture rejected.");
        }

        return ModuleResult.Done(new Dictionary<string, object?>
        {
            ["score"] = input.GetValueOrDefault("score") ?? 0.0,
            ["template"] = input.GetValueOrDefault("template") ?? "",
            ["captured_at"] = context.Time.GetUtcNow(),
        });
    }
}

/// <summary>
/// Simulates a process crash: the first execution per instance blocks until the run is cancelled
/// (the host died), later executions finish. <see cref="HasSideEffects"/> picks the descriptor flavour.
/// </summary>
public abstract class CrashOnceModuleBase : IWorkflowModule
{
    private readonly ConcurrentDictionary<string, int> _runs = new();

    public abstract ModuleDescriptor Descriptor { get; }

    public int Runs(string instanceId) => _runs.GetValueOrDefault(instanceId);

    public async ValueTask<ModuleResult> ExecuteAsync(ModuleContext context)
    {
        var run = _runs.AddOrUpdate(context.Instance.Id, 1, (_, n) => n + 1);
        if (run == 1)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, context.CancellationToken);
        }

        return ModuleResult.Done(new Dictionary<string, object?> { ["runs"] = (long)run });
    }
}

public sealed class CrashOnceModule : CrashOnceModuleBase
{
    public override ModuleDescriptor Descriptor { get; } = new()
    {
        Type = "crash_once",
        DisplayName = "Crash once",
        Category = "test",
        Outputs = [new OutputDescriptor { Name = "runs", Type = OutputTypes.Int }],
    };
}

public sealed class CrashOnceEffectModule : CrashOnceModuleBase
{
    public override ModuleDescriptor Descriptor { get; } = new()
    {
        Type = "crash_once_effect",
        DisplayName = "Crash once (side effects)",
        Category = "test",
        SideEffects = true,
        Outputs = [new OutputDescriptor { Name = "runs", Type = OutputTypes.Int }],
    };
}

/// <summary>Interactive, no side effects: suspends on "input"; the first resume per instance blocks until cancelled (crash).</summary>
public sealed class InteractiveCrashModule : IWorkflowModule
{
    private readonly ConcurrentDictionary<string, int> _runs = new();

    public ModuleDescriptor Descriptor { get; } = new()
    {
        Type = "interactive_crash",
        DisplayName = "Interactive crash",
        Category = "test",
        Interactive = true,
    };

    public int Runs(string instanceId) => _runs.GetValueOrDefault(instanceId);

    public async ValueTask<ModuleResult> ExecuteAsync(ModuleContext context)
    {
        if (context.Resume is null)
        {
            return ModuleResult.Suspend("input");
        }

        if (_runs.AddOrUpdate(context.Instance.Id, 1, (_, n) => n + 1) == 1)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, context.CancellationToken);
        }

        return ModuleResult.Done();
    }
}

/// <summary>Interactive: on resume outputs whatever object was submitted as "value" (to test output checking).</summary>
public sealed class EchoModule : IWorkflowModule
{
    public ModuleDescriptor Descriptor { get; } = new()
    {
        Type = "echo",
        DisplayName = "Echo",
        Category = "test",
        Interactive = true,
        Outputs = [new OutputDescriptor { Name = "length", Type = OutputTypes.Int }, new OutputDescriptor { Name = "value", Type = OutputTypes.String }],
    };

    public ValueTask<ModuleResult> ExecuteAsync(ModuleContext context)
    {
        if (context.Resume is null)
        {
            return ValueTask.FromResult(ModuleResult.Suspend("input"));
        }

        var value = context.Resume.Input["value"];
        var outputs = new Dictionary<string, object?> { ["value"] = value };
        if (value is byte[] bytes)
        {
            outputs = new Dictionary<string, object?> { ["length"] = bytes.Length };
            if (context.Resume.Input.ContainsKey("leak"))
            {
                outputs["value"] = bytes;
            }
        }

        return ValueTask.FromResult(ModuleResult.Done(outputs));
    }
}

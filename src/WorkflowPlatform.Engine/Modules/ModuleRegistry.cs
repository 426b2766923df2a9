namespace WorkflowPlatform.Engine.Modules;

/// <summary>The modules registered through DI, by type key.</summary>
public sealed class ModuleRegistry
{
    private readonly Dictionary<string, IWorkflowModule> _modules = new(StringComparer.Ordinal);

    /// <summary>Builds the registry; two modules with the same type key is a configuration error.</summary>
    public ModuleRegistry(IEnumerable<IWorkflowModule> modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (var module in modules)
        {
            var type = module.Descriptor.Type;
            if (_modules.TryGetValue(type, out var existing))
            {
                if (existing.GetType() == module.GetType())
                {
                    continue;
                }

                throw new InvalidOperationException(
                    $"Module type '{type}' is registered twice ({existing.GetType().Name}, {module.GetType().Name}).");
            }

            _modules[type] = module;
        }
    }

    /// <summary>Every descriptor, by category then type (the admin module catalog).</summary>
    public IReadOnlyList<ModuleDescriptor> Descriptors
        => _modules.Values.Select(m => m.Descriptor).OrderBy(d => d.Category, StringComparer.Ordinal)
            .ThenBy(d => d.Type, StringComparer.Ordinal).ToList();

    /// <summary>Finds a module by type key.</summary>
    public bool TryGet(string type, out IWorkflowModule module) => _modules.TryGetValue(type, out module!);

    /// <summary>Finds a module by type key or null.</summary>
    public IWorkflowModule? Find(string type) => _modules.GetValueOrDefault(type);
}

using System.Collections.Concurrent;

namespace WorkflowPlatform.Engine.Rules;

/// <summary>
/// A thread-safe, bounded cache of compiled rules keyed by (source, schema, options): each rule is
/// compiled once. Compile errors are not cached as values but rethrown each time (cheap to recompute
/// and never grow the cache). When full, the least recently used half is evicted.
/// </summary>
public sealed class RuleCache
{
    private readonly ConcurrentDictionary<Key, Entry> _entries = new();
    private readonly object _evictLock = new();
    private long _clock;

    /// <summary>Creates a cache holding at most <paramref name="capacity"/> rules.</summary>
    public RuleCache(int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>A process-wide cache.</summary>
    public static RuleCache Shared { get; } = new();

    /// <summary>Maximum number of cached rules.</summary>
    public int Capacity { get; }

    /// <summary>Number of cached rules.</summary>
    public int Count => _entries.Count;

    /// <summary>Returns the compiled rule, compiling it on first use.</summary>
    /// <exception cref="RuleException">The rule does not compile.</exception>
    public CompiledRule GetOrCompile(string source, RuleSchema schema, RuleCompileOptions? options = null)
        => Get(source, schema, options, requireBool: false);

    /// <summary>Returns the compiled bool rule, compiling it on first use (see <see cref="RuleCompiler.CompileBool"/>).</summary>
    /// <exception cref="RuleException">The rule does not compile or is not bool.</exception>
    public CompiledRule GetOrCompileBool(string source, RuleSchema schema, RuleCompileOptions? options = null)
        => Get(source, schema, options, requireBool: true);

    /// <summary>Removes every cached rule.</summary>
    public void Clear() => _entries.Clear();

    private CompiledRule Get(string source, RuleSchema schema, RuleCompileOptions? options, bool requireBool)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(schema);
        options ??= RuleCompileOptions.Default;
        var key = new Key(source, schema.Fingerprint, schema.FingerprintHash, options, requireBool);
        var now = Interlocked.Increment(ref _clock);
        if (_entries.TryGetValue(key, out var hit))
        {
            Volatile.Write(ref hit.LastUsed, now);
            return hit.Rule;
        }

        var rule = requireBool
            ? RuleCompiler.CompileBool(source, schema, options)
            : RuleCompiler.Compile(source, schema, options);
        var entry = _entries.GetOrAdd(key, new Entry(rule, now));
        if (_entries.Count > Capacity)
        {
            Evict();
        }
        return entry.Rule;
    }

    private void Evict()
    {
        lock (_evictLock)
        {
            if (_entries.Count <= Capacity)
            {
                return;
            }
            var ordered = _entries.ToArray();
            Array.Sort(ordered, (a, b) => Volatile.Read(ref a.Value.LastUsed).CompareTo(Volatile.Read(ref b.Value.LastUsed)));
            var remove = ordered.Length - Capacity / 2;
            for (var i = 0; i < remove; i++)
            {
                _entries.TryRemove(ordered[i].Key, out _);
            }
        }
    }

    private readonly struct Key(string source, string schema, int schemaHash, RuleCompileOptions options, bool requireBool) : IEquatable<Key>
    {
        private readonly string _source = source;
        private readonly string _schema = schema;
        private readonly int _schemaHash = schemaHash;
        private readonly RuleCompileOptions _options = options;
        private readonly bool _requireBool = requireBool;

        public bool Equals(Key other) =>
            _requireBool == other._requireBool
            && _schemaHash == other._schemaHash
            && string.Equals(_source, other._source, StringComparison.Ordinal)
            && (ReferenceEquals(_options, other._options) || _options.Equals(other._options))
            && string.Equals(_schema, other._schema, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is Key other && Equals(other);

        // The schema text can be long; its hash is computed once per schema, not per lookup.
        public override int GetHashCode() => HashCode.Combine(_source.GetHashCode(StringComparison.Ordinal), _schemaHash, _requireBool);
    }

    private sealed class Entry(CompiledRule rule, long lastUsed)
    {
        public readonly CompiledRule Rule = rule;
        public long LastUsed = lastUsed;
    }
}

using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace WorkflowPlatform.Server.Enrolment.Tokens;

/// <summary>A symmetric key that signs session tokens; <see cref="Id"/> goes into the token's <c>kid</c>.</summary>
public sealed record SigningKey(string Id, byte[] Secret);

/// <summary>
/// The keys that sign and validate session tokens. The active key signs; every key in the ring validates,
/// so a rotated-out key keeps existing tokens valid until they expire.
/// </summary>
public interface ISigningKeyRing
{
    SigningKey Active { get; }

    SigningKey? Find(string keyId);
}

public sealed class SessionTokenOptions
{
    /// <summary>Keys from configuration (<c>SessionTokens:Keys:0:Id</c>, <c>…:Secret</c> as base64, ≥ 32 bytes). Empty: a key is generated on first run and kept in <see cref="KeyFile"/>.</summary>
    public List<SigningKeyOptions> Keys { get; set; } = [];

    /// <summary>Which configured key signs new tokens; default: the first.</summary>
    public string? ActiveKeyId { get; set; }

    /// <summary>Where a generated key ring is stored (JSON, file mode 600). Default: <c>{data}/keys/session-keys.json</c>, set by the host.</summary>
    public string? KeyFile { get; set; }

    /// <summary>Issuer and audience written into every token.</summary>
    public string Issuer { get; set; } = "workflowplatform";

    /// <summary>Clock skew tolerated on <c>exp</c>/<c>nbf</c>. Default 30 s.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class SigningKeyOptions
{
    public string Id { get; set; } = "";

    public string Secret { get; set; } = "";
}

/// <summary>
/// Key ring from configuration, or from a key file generated on first run. Several nodes sharing one
/// database must be given the same keys through configuration (or share the key file).
/// </summary>
public sealed class ConfiguredSigningKeyRing : ISigningKeyRing
{
    private const int MinSecretBytes = 32;
    private readonly Dictionary<string, SigningKey> _keys;

    public ConfiguredSigningKeyRing(IOptions<SessionTokenOptions> options)
    {
        var o = options.Value;
        var keys = o.Keys.Count > 0 ? o.Keys.Select(FromOptions).ToList() : LoadOrCreate(o.KeyFile);
        _keys = keys.ToDictionary(k => k.Id, StringComparer.Ordinal);
        var activeId = o.ActiveKeyId ?? keys[0].Id;
        Active = _keys.TryGetValue(activeId, out var active)
            ? active
            : throw new InvalidOperationException($"SessionTokens:ActiveKeyId '{activeId}' is not one of the configured keys.");
    }

    public SigningKey Active { get; }

    public SigningKey? Find(string keyId) => _keys.GetValueOrDefault(keyId);

    private static SigningKey FromOptions(SigningKeyOptions k)
    {
        if (string.IsNullOrWhiteSpace(k.Id))
            throw new InvalidOperationException("Every SessionTokens:Keys entry needs an Id.");
        byte[] secret;
        try
        {
            secret = Convert.FromBase64String(k.Secret);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"SessionTokens key '{k.Id}': Secret must be base64.");
        }
        if (secret.Length < MinSecretBytes)
            throw new InvalidOperationException($"SessionTokens key '{k.Id}': Secret must be at least {MinSecretBytes} bytes.");
        return new SigningKey(k.Id, secret);
    }

    private static List<SigningKey> LoadOrCreate(string? path)
    {
        if (string.IsNullOrEmpty(path))
            throw new InvalidOperationException("SessionTokens needs either Keys in configuration or a KeyFile path.");
        if (File.Exists(path))
        {
            var stored = JsonSerializer.Deserialize<List<SigningKeyOptions>>(File.ReadAllText(path))
                ?? throw new InvalidOperationException($"The session key file {path} is empty; delete it to generate a new key.");
            return stored.Select(FromOptions).ToList();
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var key = new SigningKeyOptions { Id = "k" + DateTime.UtcNow.ToString("yyyyMMddHHmmss"), Secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(new[] { key }));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, path, overwrite: false);
        return [FromOptions(key)];
    }
}

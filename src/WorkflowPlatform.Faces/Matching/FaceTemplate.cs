using System.Buffers.Binary;
using System.Text;

namespace WorkflowPlatform.Faces.Matching;

/// <summary>Thrown for template bytes that are not a valid <see cref="FaceTemplate"/>; <see cref="Code"/> is <c>TEMPLATE_INVALID</c>.</summary>
public sealed class FaceTemplateFormatException(string message) : FormatException(message)
{
    /// <summary>Stable error code.</summary>
    public string Code => "TEMPLATE_INVALID";
}

/// <summary>Thrown when templates from different models (or model versions) are compared; <see cref="Code"/> is <c>TEMPLATE_MODEL_MISMATCH</c>.</summary>
public sealed class FaceTemplateMismatchException(string message) : ArgumentException(message)
{
    /// <summary>Stable error code.</summary>
    public string Code => "TEMPLATE_MODEL_MISMATCH";
}

/// <summary>
/// A face template: the embedding vector plus the model id and version that made it. Templates are
/// comparable only within the same model id and version.
/// </summary>
/// <remarks>
/// Binary layout (little-endian, 538 bytes for the dlib model): "WFT" · format 1 · model-id length (1 byte) ·
/// model id (ASCII) · model version (uint16) · dimension (uint16) · dimension × float32.
/// </remarks>
public sealed class FaceTemplate
{
    /// <summary>Model id of the dlib ResNet-29 (face-api 1.7.15 weights) with policy-E crops.</summary>
    public const string DlibModelId = "dlib-resnet29-128";

    /// <summary>Version of <see cref="DlibModelId"/> templates this build makes.</summary>
    public const int DlibModelVersion = 1;

    private const byte FormatVersion = 1;
    private const int MaxDimension = 4096;
    private readonly float[] _vector;

    /// <summary>Creates a template; the vector is copied and must be finite.</summary>
    public FaceTemplate(string modelId, int modelVersion, ReadOnlySpan<float> vector)
    {
        if (string.IsNullOrEmpty(modelId) || modelId.Length > 64 || !Ascii.IsValid(modelId))
            throw new ArgumentException("Model id must be 1–64 ASCII characters.", nameof(modelId));
        if (modelVersion is < 0 or > ushort.MaxValue) throw new ArgumentOutOfRangeException(nameof(modelVersion));
        if (vector.IsEmpty || vector.Length > MaxDimension) throw new ArgumentException($"Vector length must be 1–{MaxDimension}.", nameof(vector));
        foreach (var v in vector)
            if (!float.IsFinite(v)) throw new ArgumentException("Template vector contains NaN or infinity.", nameof(vector));
        ModelId = modelId;
        ModelVersion = modelVersion;
        _vector = vector.ToArray();
    }

    /// <summary>A dlib template from a 128-d descriptor.</summary>
    public static FaceTemplate FromDlib(ReadOnlySpan<float> descriptor) => new(DlibModelId, DlibModelVersion, descriptor);

    /// <summary>Which network made the vector.</summary>
    public string ModelId { get; }

    /// <summary>Version of that network's weights and crop policy.</summary>
    public int ModelVersion { get; }

    /// <summary>The embedding.</summary>
    public ReadOnlySpan<float> Vector => _vector;

    /// <summary>Dimension of the embedding.</summary>
    public int Dimension => _vector.Length;

    /// <summary>True when both templates come from the same model id and version.</summary>
    public bool IsCompatibleWith(FaceTemplate other) => ModelId == other.ModelId && ModelVersion == other.ModelVersion && Dimension == other.Dimension;

    /// <summary>Serialises to the compact binary layout.</summary>
    public byte[] ToBytes()
    {
        var id = Encoding.ASCII.GetBytes(ModelId);
        var bytes = new byte[4 + 1 + id.Length + 4 + 4 * _vector.Length];
        "WFT"u8.CopyTo(bytes);
        bytes[3] = FormatVersion;
        bytes[4] = (byte)id.Length;
        id.CopyTo(bytes, 5);
        var o = 5 + id.Length;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(o), (ushort)ModelVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(o + 2), (ushort)_vector.Length);
        o += 4;
        for (var i = 0; i < _vector.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(o + 4 * i), _vector[i]);
        return bytes;
    }

    /// <summary>Parses bytes made by <see cref="ToBytes"/>; throws <see cref="FaceTemplateFormatException"/> for anything else.</summary>
    public static FaceTemplate FromBytes(ReadOnlySpan<byte> data)
    {
        if (data.Length < 9 || !data[..3].SequenceEqual("WFT"u8)) throw new FaceTemplateFormatException("Not a face template (missing WFT header).");
        if (data[3] != FormatVersion) throw new FaceTemplateFormatException($"Unsupported template format version {data[3]}.");
        int idLen = data[4];
        if (idLen == 0 || data.Length < 5 + idLen + 4) throw new FaceTemplateFormatException("Template truncated in its header.");
        var idBytes = data.Slice(5, idLen);
        if (!Ascii.IsValid(idBytes)) throw new FaceTemplateFormatException("Template model id is not ASCII.");
        var o = 5 + idLen;
        int version = BinaryPrimitives.ReadUInt16LittleEndian(data[o..]);
        int dim = BinaryPrimitives.ReadUInt16LittleEndian(data[(o + 2)..]);
        o += 4;
        if (dim == 0 || dim > MaxDimension) throw new FaceTemplateFormatException($"Template dimension {dim} is out of range.");
        if (data.Length != o + 4 * dim) throw new FaceTemplateFormatException($"Template length {data.Length} does not match dimension {dim}.");
        var v = new float[dim];
        for (var i = 0; i < dim; i++)
        {
            v[i] = BinaryPrimitives.ReadSingleLittleEndian(data[(o + 4 * i)..]);
            if (!float.IsFinite(v[i])) throw new FaceTemplateFormatException("Template vector contains NaN or infinity.");
        }
        return new FaceTemplate(Encoding.ASCII.GetString(idBytes), version, v);
    }
}

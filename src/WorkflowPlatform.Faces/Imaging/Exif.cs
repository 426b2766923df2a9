using System.Buffers.Binary;

namespace WorkflowPlatform.Faces.Imaging;

/// <summary>Reads the orientation tag (0x0112) from IFD0 of an EXIF block; every offset is bounds-checked.</summary>
internal static class Exif
{
    /// <summary>Orientation 1..8 from a JPEG APP1 payload starting with "Exif\0\0", or 0 when absent or malformed.</summary>
    public static int ReadOrientation(ReadOnlySpan<byte> app1)
    {
        if (app1.Length < 6 || !app1[..6].SequenceEqual("Exif\0\0"u8))
            return 0;
        return ReadOrientationFromTiff(app1[6..]);
    }

    /// <summary>Orientation 1..8 from a TIFF-structured block (PNG eXIf chunk payload), or 0.</summary>
    public static int ReadOrientationFromTiff(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8)
            return 0;
        bool little;
        if (tiff[0] == 'I' && tiff[1] == 'I')
            little = true;
        else if (tiff[0] == 'M' && tiff[1] == 'M')
            little = false;
        else
            return 0;
        if (U16(tiff, 2, little) != 42)
            return 0;
        uint ifd = U32(tiff, 4, little);
        if (ifd > (uint)(tiff.Length - 2))
            return 0;
        int count = U16(tiff, (int)ifd, little);
        for (int i = 0; i < count; i++)
        {
            long e = ifd + 2L + (12L * i);
            if (e + 12 > tiff.Length)
                break;
            int entry = (int)e;
            if (U16(tiff, entry, little) != 0x0112)
                continue;
            int type = U16(tiff, entry + 2, little);
            int value = type switch
            {
                3 => U16(tiff, entry + 8, little), // SHORT, stored left-justified in the value field
                4 => (int)Math.Min(U32(tiff, entry + 8, little), 9u), // LONG, seen in a few writers
                _ => 0,
            };
            return value is >= 1 and <= 8 ? value : 0;
        }

        return 0;
    }

    private static ushort U16(ReadOnlySpan<byte> s, int o, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(s[o..]) : BinaryPrimitives.ReadUInt16BigEndian(s[o..]);

    private static uint U32(ReadOnlySpan<byte> s, int o, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(s[o..]) : BinaryPrimitives.ReadUInt32BigEndian(s[o..]);
}

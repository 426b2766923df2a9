namespace WorkflowPlatform.Faces;

/// <summary>A 2-D point in image pixels.</summary>
public readonly record struct PointF(float X, float Y);

/// <summary>A 3-D landmark: x, y in image pixels, z relative depth (smaller is nearer the camera).</summary>
public readonly record struct Point3F(float X, float Y, float Z);

/// <summary>An axis-aligned box in image pixels.</summary>
public readonly record struct BoxF(float X, float Y, float Width, float Height)
{
    public float Right => X + Width;
    public float Bottom => Y + Height;
    public float CenterX => X + Width / 2;
    public float CenterY => Y + Height / 2;
    public float Area => Math.Max(0, Width) * Math.Max(0, Height);

    public static BoxF FromCorners(float x1, float y1, float x2, float y2) => new(x1, y1, x2 - x1, y2 - y1);
}

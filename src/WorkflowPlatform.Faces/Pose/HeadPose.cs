namespace WorkflowPlatform.Faces.Pose;

/// <summary>Head orientation in degrees. Yaw &gt; 0: nose toward the image's left; pitch &gt; 0: chin down; roll &gt; 0: clockwise on screen.</summary>
public readonly record struct HeadPose(double Yaw, double Pitch, double Roll)
{
    /// <summary>
    /// Human's angles (MODELCARDS.md §2 "Pose") from the integer mesh in image pixels and the crop box
    /// sides Sx, Sy: rows X, Y, Z of a rotation matrix from points 10, 152, 234, 454.
    /// </summary>
    public static HeadPose FromMesh(ReadOnlySpan<Point3F> mesh, int boxWidth, int boxHeight)
    {
        var (pitch, yaw, roll) = Radians(mesh, boxWidth, boxHeight);
        const double deg = 180 / Math.PI;
        return new HeadPose(yaw * deg, pitch * deg, roll * deg);
    }

    /// <summary>(pitch, yaw, roll) in radians exactly as human computes them.</summary>
    public static (double Pitch, double Yaw, double Roll) Radians(ReadOnlySpan<Point3F> mesh, int boxWidth, int boxHeight)
    {
        if (mesh.Length < 468) throw new ArgumentException("A 468-point mesh is needed.", nameof(mesh));
        var s = Math.Max(boxWidth, boxHeight) / 1.5;
        static double[] P(Point3F p, double s) => [p.X / s, p.Y / s, p.Z / 192.0];
        var p10 = P(mesh[10], s); var p152 = P(mesh[152], s); var p234 = P(mesh[234], s); var p454 = P(mesh[454], s);
        var y = Unit(Sub(p152, p10));
        var xp = Unit(Sub(p454, p234));
        var z = Unit(Cross(xp, y));
        var x = Cross(y, z);
        // r rows: X, Y, Z
        double r00 = x[0], r10 = y[0], r20 = z[0];
        double r11 = y[1], r12 = y[2], r21 = z[1], r22 = z[2];
        double thetaX, thetaY, thetaZ;
        if (r10 < 1)
        {
            if (r10 > -1)
            {
                thetaZ = Math.Atan2(r10, Math.Sqrt(r00 * r00 + r20 * r20));
                thetaY = Math.Atan2(-r20, r00);
                thetaX = Math.Atan2(-r12, r11);
            }
            else
            {
                thetaZ = -Math.PI / 2;
                thetaY = -Math.Atan2(r21, r22);
                thetaX = 0;
            }
        }
        else
        {
            thetaZ = Math.PI / 2;
            thetaY = Math.Atan2(r21, r22);
            thetaX = 0;
        }
        if (double.IsNaN(thetaX)) thetaX = 0;
        if (double.IsNaN(thetaY)) thetaY = 0;
        if (double.IsNaN(thetaZ)) thetaZ = 0;
        return (-thetaX, -thetaY, -thetaZ);
    }

    private static double[] Sub(double[] a, double[] b) => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
    private static double[] Cross(double[] a, double[] b) => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
    private static double[] Unit(double[] v)
    {
        var n = Math.Sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        return n == 0 ? v : [v[0] / n, v[1] / n, v[2] / n];
    }
}

using WorkflowPlatform.Faces.Pose;
using Xunit;

namespace WorkflowPlatform.Faces.Tests.Pose;

public sealed class HeadPoseTests
{
    // A frontal face: forehead (10) above chin (152), face edges (234, 454) left/right, same depth.
    private static Point3F[] Mesh(double rollDeg = 0, double yawDeg = 0)
    {
        var mesh = new Point3F[468];
        (double X, double Y, double Z)[] pts = [(0, -100, 0), (0, 100, 0), (-80, 0, 0), (80, 0, 0)];
        int[] idx = [10, 152, 234, 454];
        var r = rollDeg * Math.PI / 180;
        var yw = yawDeg * Math.PI / 180;
        for (var i = 0; i < 4; i++)
        {
            var (x, y, z) = pts[i];
            // yaw about the vertical axis (depth in mesh units scaled like x: z is divided by 192 and x by s)
            var x1 = x * Math.Cos(yw) + z * Math.Sin(yw);
            var z1 = -x * Math.Sin(yw) + z * Math.Cos(yw);
            var x2 = x1 * Math.Cos(r) - y * Math.Sin(r);
            var y2 = x1 * Math.Sin(r) + y * Math.Cos(r);
            mesh[idx[i]] = new Point3F((float)(500 + x2), (float)(500 + y2), (float)z1);
        }
        return mesh;
    }

    [Fact]
    public void FromMesh_FrontalFace_IsZero()
    {
        var p = HeadPose.FromMesh(Mesh(), 192, 192);
        Assert.Equal(0, p.Yaw, 6);
        Assert.Equal(0, p.Pitch, 6);
        Assert.Equal(0, p.Roll, 6);
    }

    [Fact]
    public void FromMesh_ClockwiseRotation_GivesPositiveRoll()
    {
        var p = HeadPose.FromMesh(Mesh(rollDeg: 20), 192, 192);
        Assert.Equal(20, p.Roll, 3);
        Assert.Equal(0, p.Yaw, 3);
    }

    [Fact]
    public void FromMesh_FaceEdgeDepths_GiveYaw()
    {
        // s = 192/1.5 = 128 px per unit and z/192: choose box 288 so that s = 192 and x, z scale alike.
        var p = HeadPose.FromMesh(Mesh(yawDeg: 25), 288, 288);
        Assert.Equal(25, Math.Abs(p.Yaw), 1);
        Assert.Equal(0, p.Roll, 3);
    }

    [Fact]
    public void FromMesh_ShortMesh_Throws()
    {
        Assert.Throws<ArgumentException>(() => HeadPose.FromMesh(new Point3F[10], 100, 100));
    }
}

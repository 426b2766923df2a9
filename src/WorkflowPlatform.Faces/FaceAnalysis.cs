using WorkflowPlatform.Faces.Checks;
using WorkflowPlatform.Faces.Matching;
using WorkflowPlatform.Faces.Pose;
using WorkflowPlatform.Faces.Preprocessing;
using WorkflowPlatform.Faces.Quality;

namespace WorkflowPlatform.Faces;

/// <summary>Scores of the two spoof-signal models. Advisory only: they do not separate CGI renders from real photos (FACES.md).</summary>
/// <param name="Real">antispoof model, higher = real (0–1, 2 decimals as human reports it).</param>
/// <param name="Live">liveness model output 0, higher = live (0–1, 2 decimals).</param>
public sealed record SpoofScores(double Real, double Live);

/// <summary>One face found in an image.</summary>
/// <param name="Box">Face box in image pixels: the tight box around the 468 landmarks (the detector box when the mesh did not run); may extend past the frame.</param>
/// <param name="DetectorBox">BlazeFace's box in image pixels (distorted for very non-square images, which the detector sees stretched).</param>
/// <param name="Score">Detector confidence (sigmoid of BlazeFace's logit).</param>
/// <param name="FaceScore">FaceMesh face-presence confidence (0–1); null when the mesh did not run.</param>
/// <param name="Keypoints">BlazeFace's 6 keypoints: eye image-left, eye image-right, nose, mouth, ear image-left, ear image-right.</param>
/// <param name="Landmarks">468 FaceMesh landmarks in image pixels (empty when the mesh did not run).</param>
/// <param name="Pose">Yaw, pitch, roll in degrees (from the mesh; from the keypoints' eye line for roll only when there is no mesh).</param>
/// <param name="InterEyeDistance">Distance between the eye centres in pixels.</param>
/// <param name="Quality">Sharpness, exposure, size, border distance, crop share.</param>
/// <param name="Spoof">Advisory spoof-signal scores (from the FaceMesh crop), or null when not computed.</param>
/// <param name="Chip">The policy-E crop used (or that would be used) for the embedding.</param>
public sealed record DetectedFace(
    BoxF Box, BoxF DetectorBox, float Score, float? FaceScore, IReadOnlyList<PointF> Keypoints, IReadOnlyList<Point3F> Landmarks,
    HeadPose Pose, double InterEyeDistance, FaceQuality Quality, SpoofScores? Spoof, ChipGeometry Chip);

/// <summary>Stage timings in milliseconds.</summary>
public sealed record FaceTimings(double Detect, double Mesh, double Spoof, double Embed, double Total);

/// <summary>Result of <see cref="FaceAnalyzer.Analyze"/>.</summary>
/// <param name="ImageWidth">Analysed image width.</param>
/// <param name="ImageHeight">Analysed image height.</param>
/// <param name="Faces">Every face found, largest first.</param>
/// <param name="PrimaryFaceIndex">Index of the face the checks and the embedding refer to (the largest), or −1.</param>
/// <param name="Template">128-d dlib template of the primary face (policy-E crop), or null when there is no face or embedding was off.</param>
/// <param name="Check">The check result: a product error code or null, with the numbers behind the decision.</param>
/// <param name="Timings">How long each stage took.</param>
public sealed record FaceAnalysis(int ImageWidth, int ImageHeight, IReadOnlyList<DetectedFace> Faces, int PrimaryFaceIndex,
    FaceTemplate? Template, FaceCheckResult Check, FaceTimings Timings)
{
    /// <summary>The primary face, or null.</summary>
    public DetectedFace? PrimaryFace => PrimaryFaceIndex >= 0 ? Faces[PrimaryFaceIndex] : null;
}

using System.Runtime.CompilerServices;

// The decoder tests compare the SIMD kernels with their scalar forms.
[assembly: InternalsVisibleTo("WorkflowPlatform.Faces.Tests")]

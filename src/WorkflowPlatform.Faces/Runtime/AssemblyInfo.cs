using System.Runtime.CompilerServices;

// Kernel tests compare the internal kernels with naive references; benchmarks time them.
[assembly: InternalsVisibleTo("WorkflowPlatform.Faces.Tests")]
[assembly: InternalsVisibleTo("Benchmarks")]

namespace WorkflowPlatform.Faces.Runtime.Kernels;

/// <summary>Activation applied in a kernel's epilogue.</summary>
internal enum Activation
{
    None,
    Relu,
    /// <summary>x &lt; 0 ? alpha[c]·x : x (TF.js semantics), alpha per output channel.</summary>
    Prelu,
}

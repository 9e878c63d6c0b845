namespace OnnxInvert.Runtime.Native;

/// <summary>The environment and the list of execution providers compiled into the library.</summary>
internal sealed unsafe partial class OrtApiTable
{
    // [3] OrtStatus* CreateEnv(OrtLoggingLevel log_severity_level, const char* logid, OrtEnv** out)
    public nint CreateEnv(OrtLoggingLevel level, byte* logId, nint* env) =>
        ((delegate* unmanaged<int, byte*, nint*, nint>)_slots[3])((int)level, logId, env);

    // [92] void ReleaseEnv(OrtEnv* input)
    public void ReleaseEnv(nint env) =>
        ((delegate* unmanaged<nint, void>)_slots[92])(env);

    // [125] OrtStatus* GetAvailableProviders(char*** out_ptr, int* provider_length)
    public nint GetAvailableProviders(byte*** providers, int* count) =>
        ((delegate* unmanaged<byte***, int*, nint>)_slots[125])(providers, count);

    // [126] OrtStatus* ReleaseAvailableProviders(char** ptr, int providers_length)
    public nint ReleaseAvailableProviders(byte** providers, int count) =>
        ((delegate* unmanaged<byte**, int, nint>)_slots[126])(providers, count);
}

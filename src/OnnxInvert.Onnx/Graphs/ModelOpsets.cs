using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Onnx.Graphs;

/// <summary>Reads the operator-set versions a model imports.</summary>
public static class ModelOpsets
{
    /// <summary>The imported version of <paramref name="domain"/> ("" or "ai.onnx" for the default domain), or null.</summary>
    public static long? OpsetVersion(this ModelProto model, string domain = "")
    {
        foreach (var import in model.OpsetImport)
        {
            string d = import.Domain == "ai.onnx" ? string.Empty : import.Domain;
            if (d == domain)
            {
                return import.Version;
            }
        }

        return null;
    }
}

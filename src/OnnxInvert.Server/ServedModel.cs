namespace OnnxInvert.Server;

/// <summary>A generator the service inverts for, under the name requests use in <c>/v1/models/{name}</c>.</summary>
/// <param name="Name">The name in URLs: letters, digits, '.', '_' and '-'.</param>
/// <param name="Path">The generator's ONNX file.</param>
public sealed record ServedModel(string Name, string Path);

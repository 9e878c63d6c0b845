namespace OnnxInvert.Runtime;

/// <summary>The error codes of ONNX Runtime (<c>enum OrtErrorCode</c>), with the same numeric values.</summary>
public enum OrtErrorCode
{
    /// <summary>No error.</summary>
    Ok = 0,

    /// <summary>An unspecified failure.</summary>
    Fail = 1,

    /// <summary>An argument was invalid, e.g. an unknown input name or a tensor of the wrong shape or type.</summary>
    InvalidArgument = 2,

    /// <summary>A file does not exist.</summary>
    NoSuchFile = 3,

    /// <summary>No model was loaded.</summary>
    NoModel = 4,

    /// <summary>An execution engine failed.</summary>
    EngineError = 5,

    /// <summary>An exception was raised inside the runtime.</summary>
    RuntimeException = 6,

    /// <summary>The model bytes are not a valid ONNX protobuf.</summary>
    InvalidProtobuf = 7,

    /// <summary>A model was already loaded.</summary>
    ModelLoaded = 8,

    /// <summary>The operation or operator is not implemented in this build.</summary>
    NotImplemented = 9,

    /// <summary>The graph is invalid (type or shape inference failed, an unknown operator, ...).</summary>
    InvalidGraph = 10,

    /// <summary>An execution provider failed.</summary>
    EpFail = 11,

    /// <summary>Model loading was cancelled.</summary>
    ModelLoadCanceled = 12,

    /// <summary>The model must be compiled for the execution provider first.</summary>
    ModelRequiresCompilation = 13,

    /// <summary>Something looked up was not found.</summary>
    NotFound = 14,

    /// <summary>The device was reset.</summary>
    DeviceReset = 15,
}

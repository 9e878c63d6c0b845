namespace OnnxInvert.Runtime.Tests.TestModels;

/// <summary>Helpers that turn test arrays into input values and read outputs back.</summary>
internal static class ModelRuns
{
    /// <summary>Runs the Add model on a and b (shape [rows, 3]) and returns the sum.</summary>
    public static T[] RunAdd<T>(OrtSession session, T[] a, T[] b)
        where T : unmanaged
    {
        long rows = a.Length / 3;
        using OrtValue va = OrtValue.CreateTensor<T>(a, [rows, 3]);
        using OrtValue vb = OrtValue.CreateTensor<T>(b, [rows, 3]);
        IReadOnlyList<OrtValue> outputs = session.Run([("a", va), ("b", vb)], ["sum"]);
        using OrtValue sum = Assert.Single(outputs);
        return sum.GetTensorData<T>().ToArray();
    }
}

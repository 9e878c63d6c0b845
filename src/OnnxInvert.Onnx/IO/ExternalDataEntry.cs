using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Onnx.IO;

/// <summary>The parsed <c>external_data</c> key/value entries of one tensor (ONNX IR: location, offset, length).</summary>
internal sealed record ExternalDataEntry(string Location, long Offset, long? Length)
{
    public static ExternalDataEntry Parse(TensorProto tensor, string modelName)
    {
        string? location = null;
        long offset = 0;
        long? length = null;
        foreach (var entry in tensor.ExternalData)
        {
            switch (entry.Key)
            {
                case "location":
                    location = entry.Value;
                    break;
                case "offset":
                    offset = ParseNonNegative(entry.Value, "offset", tensor, modelName);
                    break;
                case "length":
                    length = ParseNonNegative(entry.Value, "length", tensor, modelName);
                    break;
            }
        }

        if (string.IsNullOrEmpty(location))
        {
            throw new OnnxModelException(
                $"{modelName}: tensor '{tensor.Name}' is marked as external data but has no 'location' entry");
        }

        return new ExternalDataEntry(location, offset, length);
    }

    private static long ParseNonNegative(string text, string key, TensorProto tensor, string modelName)
    {
        if (!long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long value))
        {
            throw new OnnxModelException(
                $"{modelName}: tensor '{tensor.Name}' has an invalid external-data {key} '{text}' (expected a non-negative integer)");
        }

        return value;
    }
}

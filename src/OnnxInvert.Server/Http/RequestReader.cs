using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using OnnxInvert.Server.Scheduling;

namespace OnnxInvert.Server.Http;

/// <summary>
/// Reads a POST body: JSON <c>{"images": [base64 PNG/JPEG or nested arrays], "options": {...}}</c>, or multipart
/// form data with repeated file parts named <c>image</c> (PNG, JPEG, .npy) and the options as form fields. Option
/// values become text, a repeated option's values one a line (<see cref="IRequestOptionsParser.RepeatSeparator"/>); <c>priority</c>,
/// <c>deadline_seconds</c>, <c>resize</c> and <c>latent</c> (a check) are the service's own.
/// </summary>
internal static class RequestReader
{
    public sealed record SentRequest(List<float[]> Images, Dictionary<string, string> Options);

    public static async Task<SentRequest> Read(HttpContext context, ModelScheduler model, InversionServiceOptions limits)
    {
        var request = context.Request;
        if (request.ContentLength > limits.MaxBodyBytes)
        {
            throw TooLarge(limits);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limits.MaxBodyBytes;
        }

        try
        {
            if (request.HasJsonContentType())
            {
                return await ReadJson(context, model, limits).ConfigureAwait(false);
            }

            if (request.HasFormContentType && request.ContentType!.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            {
                return await ReadMultipart(context, model, limits).ConfigureAwait(false);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(limits);
        }
        catch (InvalidDataException ex)
        {
            throw new ProblemException(400, "Malformed form", ex.Message);
        }

        throw new ProblemException(415, "Unsupported media type", $"send application/json or multipart/form-data; got '{request.ContentType ?? "no content type"}'");
    }

    private static ProblemException TooLarge(InversionServiceOptions limits) =>
        new(413, "Request too large", $"the request body is over the limit of {limits.MaxBodyBytes} bytes");

    private static ImageDecoder Decoder(ModelScheduler model, InversionServiceOptions limits, IReadOnlyDictionary<string, string> options) => new(
        model.Generator.ImageShape,
        model.Generator.OutputRange,
        limits.MaxPixelsPerImage,
        limits.MaxBodyBytes,
        options.TryGetValue("resize", out string? resize) && resize.Equals("true", StringComparison.OrdinalIgnoreCase));

    private static async Task<SentRequest> ReadJson(HttpContext context, ModelScheduler model, InversionServiceOptions limits)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        if (buffer.Length > limits.MaxBodyBytes)
        {
            throw TooLarge(limits);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw new ProblemException(400, "Malformed JSON", ex.Message);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("images", out var images) || images.ValueKind != JsonValueKind.Array)
            {
                throw new ProblemException(400, "Missing images", "the body must be an object with an \"images\" array (base64 PNG/JPEG strings or nested number arrays)");
            }

            var options = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("options", out var given))
            {
                if (given.ValueKind != JsonValueKind.Object)
                {
                    throw new ProblemException(400, "Malformed options", "\"options\" must be an object of option names and values");
                }

                foreach (var option in given.EnumerateObject())
                {
                    options[option.Name] = OptionText(option.Name, option.Value);
                }
            }

            int count = images.GetArrayLength();
            CheckCount(count, limits);
            var decoder = Decoder(model, limits, options);
            var decoded = new List<float[]>(count);
            int index = 0;
            foreach (var image in images.EnumerateArray())
            {
                string name = $"images[{index++}]";
                if (image.ValueKind == JsonValueKind.String)
                {
                    byte[] bytes;
                    try
                    {
                        bytes = Convert.FromBase64String(StripDataUrl(image.GetString()!));
                    }
                    catch (FormatException)
                    {
                        throw new ProblemException(400, "Malformed image", $"{name}: not valid base64");
                    }

                    decoded.AddRange(decoder.Decode(bytes, name));
                }
                else if (image.ValueKind == JsonValueKind.Array)
                {
                    var shape = new List<int>();
                    var values = new List<float>();
                    Flatten(image, 0, shape, values, name);
                    decoded.Add(decoder.FromNumbers(shape, [.. values], name));
                }
                else
                {
                    throw new ProblemException(400, "Malformed image", $"{name}: give a base64 PNG/JPEG string or a nested array of numbers");
                }

                CheckCount(decoded.Count, limits);
            }

            return new SentRequest(decoded, options);
        }
    }

    private static async Task<SentRequest> ReadMultipart(HttpContext context, ModelScheduler model, InversionServiceOptions limits)
    {
        var form = await context.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limits.MaxBodyBytes, ValueCountLimit = 256 }, context.RequestAborted).ConfigureAwait(false);
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in form)
        {
            foreach (string? value in field.Value)
            {
                CheckSingle(field.Key, value ?? string.Empty);
            }

            options[field.Key] = string.Join(IRequestOptionsParser.RepeatSeparator, field.Value.Select(v => v ?? string.Empty));
        }

        var files = form.Files.Where(f => f.Name == "image").ToArray();
        var others = form.Files.Where(f => f.Name != "image").Select(f => f.Name).Distinct().ToArray();
        if (others.Length > 0)
        {
            throw new ProblemException(400, "Unknown parts", $"file parts must be named 'image'; got {string.Join(", ", others.Select(o => $"'{o}'"))}");
        }

        CheckCount(files.Length, limits);
        var decoder = Decoder(model, limits, options);
        var decoded = new List<float[]>();
        foreach (var file in files)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            decoded.AddRange(decoder.Decode(buffer.ToArray(), SafeName(file.FileName, decoded.Count)));
            CheckCount(decoded.Count, limits);
        }

        return new SentRequest(decoded, options);
    }

    /// <summary>
    /// An option's value as text: a string, number or boolean as is; an array (a repeated flag) as its items one a
    /// line; an object as NAME=VALUE lines (<c>"input": {"label": 3}</c> is <c>--input label=3</c>).
    /// </summary>
    private static string OptionText(string name, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                return string.Join(IRequestOptionsParser.RepeatSeparator, value.EnumerateArray().Select(item => Scalar(name, item)));
            case JsonValueKind.Object:
                return string.Join(IRequestOptionsParser.RepeatSeparator, value.EnumerateObject().Select(entry => $"{entry.Name}={Scalar(name, entry.Value)}"));
            default:
                return Scalar(name, value);
        }
    }

    private static string Scalar(string name, JsonElement value)
    {
        string text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => throw new ProblemException(400, "Malformed options", $"option '{name}' must be a string, number or boolean, an array of them (a repeated flag), or an object of NAME: VALUE pairs"),
        };
        CheckSingle(name, text);
        return text;
    }

    private static void CheckSingle(string name, string value)
    {
        if (value.Contains(IRequestOptionsParser.RepeatSeparator, StringComparison.Ordinal))
        {
            throw new ProblemException(400, "Malformed options", $"option '{name}': a value may not hold a line break (repeat the option as an array or as repeated form fields)");
        }
    }

    private static void CheckCount(int count, InversionServiceOptions limits)
    {
        if (count > limits.MaxImagesPerRequest)
        {
            throw new ProblemException(413, "Too many images", $"a request may send at most {limits.MaxImagesPerRequest} images; got {count}");
        }
    }

    private static string StripDataUrl(string text)
    {
        int comma = text.StartsWith("data:", StringComparison.Ordinal) ? text.IndexOf(',', StringComparison.Ordinal) : -1;
        return comma < 0 ? text : text[(comma + 1)..];
    }

    /// <summary>A client file name for messages only (never a path): letters, digits and a few signs, at most 64.</summary>
    private static string SafeName(string? name, int index)
    {
        string clean = new((name ?? string.Empty).Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-').Take(64).ToArray());
        return clean.Length == 0 ? string.Create(CultureInfo.InvariantCulture, $"image[{index}]") : clean;
    }

    private static void Flatten(JsonElement element, int depth, List<int> shape, List<float> values, string name)
    {
        if (depth > 4)
        {
            throw new ProblemException(422, "Wrong image shape", $"{name}: nested deeper than [C][H][W]");
        }

        int length = element.GetArrayLength();
        if (shape.Count == depth)
        {
            shape.Add(length);
        }
        else if (shape[depth] != length)
        {
            throw new ProblemException(422, "Wrong image shape", $"{name}: the rows at depth {depth} have different lengths ({shape[depth]} and {length})");
        }

        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Array)
            {
                Flatten(item, depth + 1, shape, values, name);
            }
            else if (item.ValueKind == JsonValueKind.Number && shape.Count == depth + 1)
            {
                values.Add(item.GetSingle());
            }
            else
            {
                throw new ProblemException(422, "Wrong image shape", $"{name}: the array must hold numbers at one depth only");
            }
        }
    }
}

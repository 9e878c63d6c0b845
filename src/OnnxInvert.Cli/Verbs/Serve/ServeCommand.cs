using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OnnxInvert.Server;

namespace OnnxInvert.Cli.Verbs.Serve;

/// <summary><c>onnxinvert serve</c>: the inversion service on Kestrel until SIGTERM or Ctrl+C, then a drain.</summary>
internal static class ServeCommand
{
    public static int Run(ServeOptions options, TextWriter output, TextWriter errors, CancellationToken cancellationToken = default)
    {
        var session = options.Settings(errors.WriteLine);
        var keys = options.ApiKeyFile is null ? [] : ReadKeys(options.ApiKeyFile);
        string[] urls = options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (urls.Length == 0)
        {
            throw new UsageException("--urls needs at least one address, e.g. http://127.0.0.1:8080");
        }

        foreach (string url in urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new UsageException($"--urls: '{url}' is not an http:// or https:// address");
            }

            if (keys.Length == 0 && !IsLoopback(uri))
            {
                throw new UsageException($"--urls: without --api-key-file the service listens on loopback addresses only (127.0.0.1, [::1], localhost); got '{url}'");
            }
        }

        if (keys.Length == 0)
        {
            errors.WriteLine("serve: no --api-key-file: no authentication, so listening on loopback only");
        }

        var latents = options.ModelLatents.Select(l => l.Split('=', 2)).ToLookup(p => p[0].Trim(), p => p[1]);
        var models = options.Models.Select(m => m.Split('=', 2)).Select(p => new ServedModel(p[0].Trim(), p[1].Trim())
        {
            Latents = [.. latents[p[0].Trim()].SelectMany(l => l.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
        }).ToArray();
        foreach (var model in models.Where(m => !File.Exists(m.Path)))
        {
            throw new UsageException($"--model {model.Name}: no such file '{model.Path}'");
        }

        options.LoadRuntime();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(urls);
        try
        {
            builder.Services.AddInversionService(o =>
            {
                foreach (var model in models)
                {
                    o.Models.Add(model);
                }

                o.MaxBatch = options.MaxBatch;
                o.MaxQueue = options.MaxQueue;
                o.StateDirectory = options.StateDir;
                o.Retention = TimeSpan.FromSeconds(options.Retention);
                o.DrainTimeout = TimeSpan.FromSeconds(options.DrainTimeout);
                o.MaxImagesPerRequest = options.MaxImages;
                o.MaxSteps = options.MaxSteps;
                o.MaxRestarts = options.MaxRestarts;
                o.MaxBodyBytes = (long)(options.MaxBodyMb * 1024 * 1024);
                o.Session = session;
                o.OptionsParser = new RequestFlags(session);
                o.Notice = errors.WriteLine;
                foreach (string key in keys)
                {
                    o.ApiKeys.Add(key);
                }
            });
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }

        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = (long)(options.MaxBodyMb * 1024 * 1024));
        using var app = builder.Build();
        app.MapInversionService();
        app.StartAsync(cancellationToken).GetAwaiter().GetResult();
        foreach (string url in app.Urls)
        {
            output.WriteLine($"serve: listening on {url}");
        }

        output.Flush();
        app.WaitForShutdownAsync(cancellationToken).GetAwaiter().GetResult();
        app.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        errors.WriteLine("serve: stopped");
        return ExitCodes.Ok;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static string[] ReadKeys(string file)
    {
        if (!File.Exists(file))
        {
            throw new UsageException($"--api-key-file: no such file '{file}'");
        }

        string[] keys = [.. File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];
        return keys.Length > 0 ? keys : throw new UsageException($"--api-key-file {file}: no keys in the file (one token per line)");
    }
}

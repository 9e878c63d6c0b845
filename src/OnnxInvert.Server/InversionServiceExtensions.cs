using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OnnxInvert.Server.Http;

namespace OnnxInvert.Server;

/// <summary>Adds the inversion service to an ASP.NET Core application: <c>services.AddInversionService(...)</c>, then <c>app.MapInversionService()</c>.</summary>
public static class InversionServiceExtensions
{
    /// <summary>Registers the service (its models open and warm when the host starts; it drains on shutdown).</summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Sets the models, limits and the options parser.</param>
    /// <exception cref="ArgumentException">The options are incomplete or invalid.</exception>
    public static IServiceCollection AddInversionService(this IServiceCollection services, Action<InversionServiceOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new InversionServiceOptions();
        configure(options);
        var service = new InversionService(options);
        services.AddSingleton(service);
        services.AddHostedService<InversionHostedService>();
        services.Configure<HostOptions>(h => h.ShutdownTimeout = options.DrainTimeout + TimeSpan.FromSeconds(15));
        return services;
    }

    /// <summary>
    /// Maps <c>/v1/models/{model}/inversions</c>, <c>/v1/inversions/{id}</c> (GET, DELETE, <c>/events</c>,
    /// <c>/latents.npy</c>, images), <c>/healthz</c>, <c>/readyz</c>, <c>/v2/health/*</c>, <c>/v2/models/{model}</c>,
    /// <c>/metrics</c> and the page at <c>/</c>. Errors are RFC 9457 problems; API keys are checked when configured.
    /// </summary>
    public static IEndpointRouteBuilder MapInversionService(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var service = endpoints.ServiceProvider.GetRequiredService<InversionService>();
        if (endpoints is IApplicationBuilder app)
        {
            app.Use(async (context, next) =>
            {
                try
                {
                    if (ApiKeyCheck.Protects(context.Request.Path) && !ApiKeyCheck.Allows(context.Request, service.Options.ApiKeys))
                    {
                        await Problems.Write(context, 401, "Unauthorized", "send Authorization: Bearer KEY with a key of this service").ConfigureAwait(false);
                        return;
                    }

                    await next(context).ConfigureAwait(false);
                }
                catch (ProblemException problem) when (!context.Response.HasStarted)
                {
                    await Problems.Write(context, problem).ConfigureAwait(false);
                }
                catch (BadHttpRequestException bad) when (!context.Response.HasStarted)
                {
                    await Problems.Write(context, bad.StatusCode, "Bad request", bad.Message).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
                {
                    // The client went away.
                }
            });
        }

        endpoints.MapPost("/v1/models/{model}/inversions", (HttpContext c, string model) => InversionEndpoints.Submit(c, service, model));
        endpoints.MapGet("/v1/models", () => Results.Json(new JsonObject { ["models"] = new JsonArray([.. service.Models.Select(m => (JsonNode?)new JsonObject { ["name"] = m.Name, ["ready"] = m.Warm })]) }));
        endpoints.MapGet("/v1/inversions/{id}", (HttpContext c, string id) => InversionEndpoints.Get(c, service, id));
        endpoints.MapDelete("/v1/inversions/{id}", (HttpContext c, string id) => InversionEndpoints.Cancel(c, service, id));
        endpoints.MapGet("/v1/inversions/{id}/events", (HttpContext c, string id) => InversionEndpoints.Events(c, service, id));
        endpoints.MapGet("/v1/inversions/{id}/latents.npy", (HttpContext c, string id) => InversionEndpoints.Latents(c, service, id));
        endpoints.MapGet("/v1/inversions/{id}/images/{index:int}/reconstruction.png", (HttpContext c, string id, int index) => InversionEndpoints.Picture(c, service, id, index, "reconstruction"));
        endpoints.MapGet("/v1/inversions/{id}/images/{index:int}/target.png", (HttpContext c, string id, int index) => InversionEndpoints.Picture(c, service, id, index, "target"));
        endpoints.MapGet("/healthz", HealthEndpoints.Live);
        endpoints.MapGet("/v2/health/live", HealthEndpoints.Live);
        endpoints.MapGet("/readyz", () => HealthEndpoints.Ready(service));
        endpoints.MapGet("/v2/health/ready", () => HealthEndpoints.Ready(service));
        endpoints.MapGet("/v2/models/{model}", (string model) => HealthEndpoints.Metadata(service, model));
        endpoints.MapGet("/metrics", () => HealthEndpoints.Metrics(service));
        endpoints.MapGet("/", PageEndpoint.Serve);
        endpoints.MapFallback((HttpContext c) => Problems.Write(c, 404, "Not found", $"no endpoint at {c.Request.Method} {c.Request.Path}"));
        return endpoints;
    }
}

using Microsoft.Extensions.Hosting;

namespace OnnxInvert.Server;

/// <summary>Starts the service with the host, expires old jobs, and drains it on shutdown (SIGTERM).</summary>
internal sealed class InversionHostedService(InversionService service, IHostApplicationLifetime lifetime) : IHostedService, IDisposable
{
    private Timer? _expiry;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        service.Start();
        lifetime.ApplicationStopping.Register(service.BeginDrain);
        var period = TimeSpan.FromTicks(Math.Clamp(service.Options.Retention.Ticks / 2, TimeSpan.FromMilliseconds(200).Ticks, TimeSpan.FromSeconds(30).Ticks));
        _expiry = new Timer(_ => service.Store.Expire(service.Options.Retention, DateTimeOffset.UtcNow), null, period, period);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _expiry?.Change(Timeout.Infinite, Timeout.Infinite);
        return Task.Run(service.Drain, CancellationToken.None);
    }

    public void Dispose() => _expiry?.Dispose();
}

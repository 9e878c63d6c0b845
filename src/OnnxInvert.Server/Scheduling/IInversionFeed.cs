using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Server.Scheduling;

/// <summary>
/// The seam between a model's queue and the loop that runs its batch slots: the loop asks for the next image when a
/// slot is free, reports each image's result, returns images it could not finish, and checks whether any image it is
/// running was withdrawn (its job cancelled or past its deadline). Images are handed out only when they share the
/// options of the batch (one compiled objective), and only from one job when the model couples its samples.
/// </summary>
internal interface IInversionFeed
{
    /// <summary>The next queued image for a free slot whose job's options group is <paramref name="group"/> (null: any), from <paramref name="onlyJob"/> when given.</summary>
    QueuedImage? Take(string? group, string? onlyJob);

    /// <summary>An image finished with <paramref name="result"/>.</summary>
    void Complete(QueuedImage image, InversionResult result);

    /// <summary>An image left the batch unfinished; it goes back to the front of its priority's queue if its job still wants it.</summary>
    void Return(QueuedImage image);

    /// <summary>The runtime failed while running the image; its job fails with <paramref name="message"/>.</summary>
    void Fail(QueuedImage image, string message);

    /// <summary>A batch step went by for <paramref name="running"/>.</summary>
    void Progress(IReadOnlyCollection<QueuedImage> running, InversionProgress progress);

    /// <summary>Whether the image's job no longer wants it (cancelled, past its deadline, or the service is stopping).</summary>
    bool IsWithdrawn(QueuedImage image);
}

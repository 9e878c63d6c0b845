using OnnxInvert.Inversion.Engine;
using OnnxInvert.Server.Jobs;

namespace OnnxInvert.Server.Scheduling;

/// <summary>
/// The seam between a model's queue and the loop that runs its batch slots (<see cref="ContinuousRunner"/>): the
/// loop asks for the next image when a slot is free, reports each image's result, returns images it could not
/// finish, and says when a job's running images were withdrawn at its deadline. Images are handed out only when they
/// share the options of the run (one compiled objective), and only from one job when the model couples its samples.
/// </summary>
internal interface IInversionFeed
{
    /// <summary>
    /// The next queued image of options group <paramref name="group"/> (from <paramref name="onlyJob"/> when given),
    /// or null when none may enter now: none is queued, or the queue's head is of another group (it goes first, once
    /// this run drains).
    /// </summary>
    QueuedImage? Take(string group, string? onlyJob);

    /// <summary>An image finished (or was cut short at its job's deadline) with <paramref name="result"/>.</summary>
    void Complete(QueuedImage image, InversionResult result);

    /// <summary>
    /// An image left the batch unfinished; it goes back to the front of its priority's queue if its job still wants it.
    /// One withdrawn at its job's deadline is not waited for any more (the job ends with the results it has).
    /// </summary>
    void Return(QueuedImage image);

    /// <summary>The runtime failed while running the image; its job fails with <paramref name="message"/>.</summary>
    void Fail(QueuedImage image, string message);

    /// <summary>
    /// <paramref name="job"/> passed its deadline with <paramref name="running"/> images in slots, withdrawn keeping
    /// their best so far: its queued images leave, and it ends with status deadline once those results are in.
    /// </summary>
    void Expire(ServiceJob job, int running);

    /// <summary>A batch step went by for <paramref name="running"/>, <paramref name="elapsed"/> into the run.</summary>
    void Progress(IReadOnlyCollection<QueuedImage> running, InversionProgress progress, TimeSpan elapsed);
}

using Arcanum.Federated.Jobs;

namespace Arcanum.Federated.Simulation;

/// <summary>
/// A generator trained the AsynDGAN way (Chang et al., CVPR 2020) as a network job (<c>"task": "image_synthesis"</c>):
/// the generator lives at the server (<see cref="IGanServer"/>), each site keeps its images and a discriminator
/// (<see cref="IGanSite"/>). Only condition maps (shared data in AsynDGAN), generated images and the gradients of the
/// sites' losses with respect to them move. The CLI hands the Torch implementation to the server and the sites, as it
/// hands them the learner, so the network code stays on plain arrays; <see cref="Engine.GanWorkflow"/> runs the steps.
/// </summary>
public interface IGanModel : IJobModel
{
    /// <summary>The server's half: the generator from the job's seed, over the sites' shared condition maps.</summary>
    IGanServer Begin(JobSpec job, IReadOnlyList<GanConditions> sites);

    /// <summary>
    /// This site's half over the images at <paramref name="path"/>: its slices, their condition maps and its discriminator,
    /// seeded by <paramref name="siteName"/>, so it does the same in one process and at the hospital.
    /// </summary>
    /// <exception cref="ArgumentException">Images that cannot train the job (no masks, none with a brain, another size).</exception>
    IGanSite Open(JobSpec job, string path, string siteName);

    /// <summary>Writes the finished generator and its card into <paramref name="directory"/> (an existing, empty folder).</summary>
    void Save(JobSpec job, IGanServer trained, GanJobRecord record, string directory);
}

/// <summary>A site's condition maps as the server holds them: [Count × channels × S × S].</summary>
public sealed record GanConditions(string Site, int Count, float[] Maps);

/// <summary>
/// The generator's side of training: it generates a batch for a site's conditions, keeps what it needs to take the
/// sites' gradients back through the generator, and steps. One step: <see cref="Generate"/> for each site asked, then
/// <see cref="Apply"/> with the answers that came (or <see cref="Apply"/> with none, which only lets the batch go).
/// </summary>
public interface IGanServer : IDisposable
{
    /// <summary>Sets the learning rate of epoch <paramref name="epoch"/> (1-based, of the job's <c>rounds</c>).</summary>
    void BeginEpoch(int epoch);

    /// <summary>Images [B × 1 × S × S] for <paramref name="site"/>'s condition maps at <paramref name="indices"/>, on the [−1, 1] scale.</summary>
    float[] Generate(string site, long[] indices);

    /// <summary>
    /// Back-propagates Σ weight × ⟨generated, gradient⟩ through the generator and steps its optimizer; the weights are the
    /// answering sites' shares of their images. Frees the step's generated batches, answered or not.
    /// </summary>
    void Apply(IReadOnlyList<(string Site, float[] Gradient, double Weight)> answers);

    /// <summary>Writes the generator's weights and optimizer state into <paramref name="folder"/> (an existing folder; a checkpoint).</summary>
    void SaveState(string folder);

    /// <summary>Restores what <see cref="SaveState"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The folder holds another generator's state.</exception>
    void LoadState(string folder);
}

/// <summary>A site's side: its slices (condition maps shared, images kept) and a discriminator that learns from every step.</summary>
public interface IGanSite : IDisposable
{
    /// <summary>Slices the site trains on.</summary>
    int Count { get; }

    /// <summary>The condition maps [Count × channels × S × S] the site shares with the server.</summary>
    float[] Conditions { get; }

    /// <summary>
    /// One step: updates the discriminator on its real images against <paramref name="generated"/> (for the slices at
    /// <paramref name="indices"/>), then returns the gradient of the generator's loss at this site with respect to the
    /// generated images, and the step's losses.
    /// </summary>
    /// <param name="epoch">The epoch (1-based), which sets the discriminator's learning rate.</param>
    /// <param name="indices">The site's slices in the batch.</param>
    /// <param name="generated">The images the server generated for them, [B × 1 × S × S] on the [−1, 1] scale.</param>
    GanStepAnswer Step(int epoch, long[] indices, float[] generated);

    /// <summary>Writes the discriminator's weights and optimizer state into <paramref name="folder"/> (an existing folder).</summary>
    void SaveState(string folder);

    /// <summary>Restores what <see cref="SaveState"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The folder holds another discriminator's state.</exception>
    void LoadState(string folder);
}

/// <summary>A site's answer to a step: ∂loss/∂generated, and its discriminator loss, adversarial loss and L1 distance.</summary>
public sealed record GanStepAnswer(float[] Gradient, double Discriminator, double Adversarial, double L1);

/// <summary>One epoch of AsynDGAN training, as its card and progress show it.</summary>
/// <param name="Epoch">Epochs done (1-based).</param>
/// <param name="Epochs">Epochs in all.</param>
/// <param name="DiscriminatorLoss">Weighted mean over the answers of the discriminators' ½(BCE(real, 1) + BCE(fake, 0)).</param>
/// <param name="AdversarialLoss">The same for BCE(D(fake), 1).</param>
/// <param name="L1">The same for the mean absolute difference from the real images ([−1, 1] scale).</param>
/// <param name="Elapsed">Time since training started.</param>
/// <param name="BytesMoved">Generated images sent plus gradients returned, so far (float32).</param>
/// <param name="MissedAnswers">Site steps without an answer this epoch (the site dropped out or failed; the step went on without it).</param>
public sealed record GanEpoch(int Epoch, int Epochs, double DiscriminatorLoss, double AdversarialLoss, double L1, TimeSpan Elapsed, long BytesMoved, int MissedAnswers = 0);

/// <summary>What an AsynDGAN job did, for its card: the sites and their slice counts (never images) and each epoch.</summary>
public sealed record GanJobRecord(IReadOnlyList<GanConditions> Sites, IReadOnlyList<GanEpoch> Epochs, TimeSpan Elapsed);

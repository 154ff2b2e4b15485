namespace Arcanum.Provisioning;

/// <summary>A kit just written: whose it is, where, and its certificate's serial and expiry.</summary>
public sealed record IssuedKit(ParticipantIdentity Identity, string Folder, string Serial, DateTimeOffset CertificateNotAfter);

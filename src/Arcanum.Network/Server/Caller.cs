using Arcanum.Provisioning;
using Grpc.Core;

namespace Arcanum.Network.Server;

/// <summary>Who is calling, read from the TLS client certificate (already validated against the project CA).</summary>
public static class Caller
{
    public sealed record Identity(string Name, ParticipantIdentity Participant, string CertificateExpires);

    public static Identity Of(ServerCallContext context, string project)
    {
        var certificate = context.GetHttpContext().Connection.ClientCertificate
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "No client certificate."));
        ParticipantIdentity identity;
        try
        {
            identity = ParticipantIdentity.FromCertificate(certificate);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or ProvisioningException)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "The client certificate names no Arcanum participant: " + e.Message));
        }
        if (!string.Equals(identity.Project, project, StringComparison.Ordinal))
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"The certificate is for project '{identity.Project}', not '{project}'."));
        return new Identity(identity.Name, identity, ServerStore.Iso(certificate.NotAfter));
    }

    public static Identity Site(ServerCallContext context, string project)
    {
        var who = Of(context, project);
        if (who.Participant.Kind != ParticipantKind.Site)
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"'{who.Name}' is not a site; only sites may call the federation service."));
        return who;
    }
}

using Arcanum.Provisioning;
using Grpc.Core;

namespace Arcanum.Network.Server;

/// <summary>
/// Who is calling, read from the TLS client certificate. The handshake validated it against the
/// project CA, but an HTTP/2 connection lives on after a revocation, so every call checks the
/// certificate again against the current revocation list.
/// </summary>
public static class Caller
{
    public sealed record Identity(string Name, ParticipantIdentity Participant, string CertificateExpires,
        System.Security.Cryptography.X509Certificates.X509Certificate2 Certificate);

    public static Identity Of(ServerCallContext context, ServerContext server) => Of(context.GetHttpContext(), server);

    /// <summary>The caller of a plain HTTP request (the bulk payload endpoints), checked as a gRPC call is.</summary>
    public static Identity Of(Microsoft.AspNetCore.Http.HttpContext context, ServerContext server)
    {
        var certificate = context.Connection.ClientCertificate
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
        if (!string.Equals(identity.Project, server.Project, StringComparison.Ordinal))
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"The certificate is for project '{identity.Project}', not '{server.Project}'."));
        if (server.CertificateProblem(certificate) is { } problem)
        {
            if (identity.Kind == ParticipantKind.Site) server.Registry.MarkRefused(identity.Name, problem);
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"Refused: {problem}."));
        }
        return new Identity(identity.Name, identity, ServerStore.Iso(certificate.NotAfter), certificate);
    }

    public static Identity Site(ServerCallContext context, ServerContext server) => Site(context.GetHttpContext(), server);

    public static Identity Site(Microsoft.AspNetCore.Http.HttpContext context, ServerContext server)
    {
        var who = Of(context, server);
        if (who.Participant.Kind != ParticipantKind.Site)
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"'{who.Name}' is not a site; only sites may call the federation service."));
        return who;
    }
}

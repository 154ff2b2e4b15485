using System.Security.Cryptography.X509Certificates;

namespace Arcanum.Provisioning;

/// <summary>
/// A certificate built from PEM holds an ephemeral key that SslStream cannot always use;
/// a round trip through PKCS#12 gives it a key the TLS stack accepts on every platform.
/// </summary>
internal static class Pkcs12
{
    public static X509Certificate2 ForTls(X509Certificate2 withKey)
    {
        var pfx = withKey.Export(X509ContentType.Pkcs12);
        try
        {
            return X509CertificateLoader.LoadPkcs12(pfx, null);
        }
        finally
        {
            Array.Clear(pfx);
        }
    }
}

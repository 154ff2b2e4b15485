namespace Arcanum.Provisioning;

/// <summary>The key type of the CA and of every participant (<c>key:</c> in project.yml).</summary>
public enum KeyAlgorithm
{
    /// <summary><c>ecdsa-p384</c>: ECDSA on NIST P-384, signatures with SHA-384. The default.</summary>
    EcdsaP384,

    /// <summary><c>rsa-3072</c>: RSA 3072 bits, PKCS#1 v1.5 signatures with SHA-256.</summary>
    Rsa3072,
}

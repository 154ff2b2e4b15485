namespace Arcanum.Network.Site;

/// <summary>The server will never serve this site process again; the message says why and what to do.</summary>
public sealed class SiteStoppedException(string message) : Exception(message);

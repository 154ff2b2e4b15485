using Arcanum.Network.Protocol;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Arcanum.Network.Transport;

/// <summary>
/// A site's registration session on the client side: remembers the session the last
/// <c>Register</c> returned and sends it as the <c>arcanum-session</c> header on every call, so the
/// server can tell this process from another one holding the same kit.
/// </summary>
public sealed class SiteSession : Interceptor
{
    /// <summary>The gRPC metadata header that carries the session.</summary>
    public const string Header = "arcanum-session";

    private volatile string _current = "";

    /// <summary>The session of the last registration ("" before the first).</summary>
    public string Current => _current;

    /// <summary>A federation client on <paramref name="invoker"/> whose calls carry this session.</summary>
    public Federation.FederationClient Client(CallInvoker invoker) => new(invoker.Intercept(this));

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context,
        AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, WithSession(context));
        if (request is not RegisterRequest) return call;
        return new AsyncUnaryCall<TResponse>(Remember(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithSession(context));

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(WithSession(context));

    private async Task<TResponse> Remember<TResponse>(Task<TResponse> response)
    {
        var reply = await response.ConfigureAwait(false);
        if (reply is RegisterReply r) _current = r.Session;
        return reply;
    }

    private ClientInterceptorContext<TRequest, TResponse> WithSession<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class where TResponse : class
    {
        var session = _current;
        if (session.Length == 0) return context;
        var headers = new Metadata();
        foreach (var entry in context.Options.Headers ?? []) headers.Add(entry);
        headers.Add(Header, session);
        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
    }
}

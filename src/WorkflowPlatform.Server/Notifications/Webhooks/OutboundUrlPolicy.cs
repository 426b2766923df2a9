using System.Net;
using System.Net.Sockets;

namespace WorkflowPlatform.Server.Notifications.Webhooks;

/// <summary>
/// Decides whether the server may send a request to a URL: http(s) only, and no address that is private,
/// loopback, link-local, multicast or unspecified unless configuration allows it (tests allow loopback).
/// The host is resolved and every address checked, so a public name pointing inside is refused too.
/// </summary>
public sealed class OutboundUrlPolicy(bool allowLoopback = false, bool allowPrivate = false)
{
    public async Task<OutboundUrlDecision> CheckAsync(string url, CancellationToken cancellationToken = default)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return OutboundUrlDecision.Refuse("URL_SCHEME_NOT_ALLOWED", "only absolute http and https URLs are allowed");
        if (!string.IsNullOrEmpty(uri.UserInfo))
            return OutboundUrlDecision.Refuse("URL_CREDENTIALS_NOT_ALLOWED", "URLs may not carry user names or passwords");

        IPAddress[] addresses;
        if (IPAddress.TryParse(uri.DnsSafeHost, out var literal))
            addresses = [literal];
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(uri.DnsSafeHost, cancellationToken);
            }
            catch (SocketException e)
            {
                return OutboundUrlDecision.Refuse("URL_UNRESOLVABLE", $"the host '{uri.DnsSafeHost}' does not resolve: {e.SocketErrorCode}");
            }
        }
        if (addresses.Length == 0)
            return OutboundUrlDecision.Refuse("URL_UNRESOLVABLE", $"the host '{uri.DnsSafeHost}' has no address");

        foreach (var address in addresses)
        {
            var kind = Classify(address);
            var allowed = kind switch
            {
                AddressKind.Public => true,
                AddressKind.Loopback => allowLoopback,
                AddressKind.Private => allowPrivate,
                _ => false,
            };
            if (!allowed)
                return OutboundUrlDecision.Refuse("URL_ADDRESS_NOT_ALLOWED", $"{uri.DnsSafeHost} resolves to a {kind.ToString().ToLowerInvariant()} address ({address})");
        }
        return OutboundUrlDecision.Allow(uri);
    }

    internal static AddressKind Classify(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address))
            return AddressKind.Loopback;
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
            return AddressKind.Reserved;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return b[0] switch
            {
                0 => AddressKind.Reserved,
                10 => AddressKind.Private,
                100 when b[1] >= 64 && b[1] <= 127 => AddressKind.Private, // carrier-grade NAT
                169 when b[1] == 254 => AddressKind.LinkLocal,             // includes cloud metadata 169.254.169.254
                172 when b[1] >= 16 && b[1] <= 31 => AddressKind.Private,
                192 when b[1] == 168 => AddressKind.Private,
                192 when b[1] == 0 && b[2] == 0 => AddressKind.Reserved,
                198 when b[1] == 18 || b[1] == 19 => AddressKind.Reserved,
                >= 224 => AddressKind.Reserved,                             // multicast and class E
                _ => AddressKind.Public,
            };
        }
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal)
            return AddressKind.LinkLocal;
        if (address.IsIPv6Multicast)
            return AddressKind.Reserved;
        Span<byte> v6 = stackalloc byte[16];
        address.TryWriteBytes(v6, out _);
        if ((v6[0] & 0xfe) == 0xfc)
            return AddressKind.Private; // unique local fc00::/7
        return AddressKind.Public;
    }

    internal enum AddressKind { Public, Loopback, Private, LinkLocal, Reserved }
}

public sealed record OutboundUrlDecision(bool Allowed, Uri? Uri, string? Code, string? Reason)
{
    public static OutboundUrlDecision Allow(Uri uri) => new(true, uri, null, null);

    public static OutboundUrlDecision Refuse(string code, string reason) => new(false, null, code, reason);
}

package io.mianshen.notification.delivery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An enterprise's webhook URL, checked at send time: HTTP(S) only (HTTPS unless the local stack allows HTTP), and
 * every address its host resolves to must be public: not loopback, link-local, private (RFC 1918, RFC 6598 shared,
 * IPv6 unique-local), multicast, unspecified, nor one of this machine's own addresses, unless the local stack allows
 * them. The check resolves the name when the notice is sent; the JVM caches that answer (30 s by default), so the
 * connection that follows goes to an address that was checked.
 *
 * @param uri      the URL
 * @param redacted the URL for logs, events and the ledger: no user-info, no query values
 */
record WebhookAddress(URI uri, String redacted) {

    /** A URL that must not be called. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** The URL as written in the registry, if it is one; {@link Refused} says why not (redacted). */
    static WebhookAddress parse(String url, boolean allowHttp) throws Refused {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new Refused("the webhook URL is not a URL");
        }
        String redacted = redact(uri);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("https") || (allowHttp && scheme.equals("http")))) {
            throw new Refused("the webhook URL must be " + (allowHttp ? "http or https" : "https") + ": " + redacted);
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new Refused("the webhook URL has no host: " + redacted);
        }
        return new WebhookAddress(uri, redacted);
    }

    /** Resolves the host now and refuses it if any of its addresses is not public (unless {@code allowPrivate}). */
    void requirePublic(boolean allowPrivate) throws Refused {
        if (allowPrivate) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new Refused("the webhook host does not resolve: " + redacted);
        }
        Set<InetAddress> own = ownAddresses();
        for (InetAddress address : addresses) {
            if (!isPublic(address) || own.contains(address)) {
                throw new Refused("the webhook URL resolves to an address that is not public: " + redacted);
            }
        }
    }

    /** Whether {@code address} is on the public internet. */
    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isAnyLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            // 0/8 "this network", 100.64/10 shared (carrier-grade NAT), 192.0.0/24 protocol assignments, 198.18/15
            // benchmarking, 240/4 reserved
            return first != 0
                    && !(first == 100 && second >= 64 && second < 128)
                    && !(first == 192 && second == 0 && (bytes[2] & 0xff) == 0)
                    && !(first == 198 && (second == 18 || second == 19))
                    && first < 240;
        }
        if (address instanceof Inet6Address) {
            // fc00::/7 unique local; ::ffff:0:0/96 IPv4-mapped is judged by its IPv4 address
            if ((bytes[0] & 0xfe) == 0xfc) {
                return false;
            }
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= bytes[i] == 0;
            }
            if (mapped && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The URL without user-info (user:password@) and with every query value replaced by {@code ***}. */
    static String redact(URI uri) {
        StringBuilder text = new StringBuilder();
        if (uri.getScheme() != null) {
            text.append(uri.getScheme()).append("://");
        }
        if (uri.getHost() != null) {
            text.append(uri.getHost());
            if (uri.getPort() >= 0) {
                text.append(':').append(uri.getPort());
            }
        } else if (uri.getRawAuthority() != null) {
            String authority = uri.getRawAuthority();
            text.append(authority.substring(authority.lastIndexOf('@') + 1));
        }
        if (uri.getRawPath() != null) {
            text.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null) {
            List<String> names = java.util.Arrays.stream(uri.getRawQuery().split("&"))
                    .map(pair -> pair.split("=", 2)[0] + "=***")
                    .toList();
            text.append('?').append(String.join("&", names));
        }
        return text.toString();
    }

    private static Set<InetAddress> ownAddresses() {
        Set<InetAddress> own = new HashSet<>();
        try {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                own.addAll(Collections.list(network.getInetAddresses()));
            }
        } catch (SocketException e) {
            // no interface list: the other checks still apply
        }
        return own;
    }
}

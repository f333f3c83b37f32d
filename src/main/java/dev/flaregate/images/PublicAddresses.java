package dev.flaregate.images;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Which addresses the gateway may fetch from: the public internet only. Everything else (loopback, private
 * networks, link-local with the cloud metadata service, carrier-grade NAT, multicast, reserved ranges, and IPv6
 * forms that embed such an IPv4 address) would let a client reach what only the gateway can reach.
 */
final class PublicAddresses {

    private PublicAddresses() {
    }

    static boolean isPublic(InetAddress address, boolean allowLoopback) {
        if (address.isLoopbackAddress()) {
            return allowLoopback;
        }
        if (address instanceof Inet6Address v6) {
            InetAddress embedded = embeddedIpv4(v6.getAddress());
            if (embedded != null) {
                return isPublic(embedded, allowLoopback);
            }
        }
        if (address.isAnyLocalAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        return address instanceof Inet4Address ? publicIpv4(bytes) : publicIpv6(bytes);
    }

    private static boolean publicIpv4(byte[] ip) {
        int a = ip[0] & 0xff;
        int b = ip[1] & 0xff;
        return a != 0                                   // "this network"
                && !(a == 100 && b >= 64 && b <= 127)   // carrier-grade NAT
                && !(a == 192 && b == 0 && ip[2] == 0)  // IETF protocol assignments
                && !(a == 198 && (b == 18 || b == 19))  // benchmarking
                && a < 240;                             // reserved and broadcast
    }

    private static boolean publicIpv6(byte[] ip) {
        int first = ip[0] & 0xff;
        return (first & 0xfe) != 0xfc                   // unique local fc00::/7
                && !(first == 0xfe && (ip[1] & 0xc0) == 0xc0) // deprecated site-local fec0::/10
                && first != 0;                          // ::/8 reserved (the embedded forms are handled above)
    }

    /** The IPv4 address inside an IPv4-compatible or -mapped, NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
    private static InetAddress embeddedIpv4(byte[] ip) {
        byte[] prefix = Arrays.copyOfRange(ip, 0, 12);
        boolean compatible = Arrays.equals(prefix, new byte[12]);
        boolean mapped = Arrays.equals(prefix, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff});
        boolean nat64 = Arrays.equals(prefix, new byte[] {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0});
        if (compatible || mapped || nat64) {
            return ipv4(Arrays.copyOfRange(ip, 12, 16));
        }
        if ((ip[0] & 0xff) == 0x20 && (ip[1] & 0xff) == 0x02) {
            return ipv4(Arrays.copyOfRange(ip, 2, 6));
        }
        return null;
    }

    private static InetAddress ipv4(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("Four bytes are always an IPv4 address", e);
        }
    }
}

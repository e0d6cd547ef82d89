package io.threatstream.detect.rule.eql;

import java.io.Serializable;

/**
 * An IPv4 or IPv6 network such as {@code 10.0.0.0/8} or {@code fe80::/10}; a bare address is a /32
 * or /128. IPv4 networks are held as IPv4-mapped IPv6 networks (prefix + 96), see {@link IpAddress}.
 */
final class CidrBlock implements Serializable {
    private static final long serialVersionUID = 1L;

    private final byte[] network;
    private final int prefixLength;

    private CidrBlock(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * Parses {@code address/prefix} or a bare address.
     *
     * @throws IllegalArgumentException with a reason when it is not a CIDR block
     */
    static CidrBlock parse(String cidr) {
        int slash = cidr.indexOf('/');
        String address = slash < 0 ? cidr : cidr.substring(0, slash);
        byte[] bytes = IpAddress.parse(address);
        if (bytes == null) {
            throw new IllegalArgumentException("[" + cidr + "] is not a CIDR block: [" + address
                    + "] is not an IP address");
        }
        boolean ipv6 = IpAddress.isIpv6(address, 0, address.length());
        int bits = ipv6 ? 128 : 32;
        int prefix = bits;
        if (slash >= 0) {
            String length = cidr.substring(slash + 1);
            if (!length.matches("[0-9]{1,3}") || Integer.parseInt(length) > bits) {
                throw new IllegalArgumentException("[" + cidr + "] is not a CIDR block: the prefix length must be 0 to "
                        + bits);
            }
            prefix = Integer.parseInt(length);
        }
        int mappedPrefix = ipv6 ? prefix : prefix + 96;
        return new CidrBlock(mask(bytes, mappedPrefix), mappedPrefix);
    }

    /** Whether {@code address} (16 bytes, see {@link IpAddress}) lies in this network. */
    boolean contains(byte[] address) {
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int keep = 0xff << (8 - rest) & 0xff;
        return (address[full] & keep) == (network[full] & 0xff);
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] masked = bytes.clone();
        for (int bit = prefix; bit < 128; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return masked;
    }
}

package io.threatstream.detect.rule.eql;

/**
 * Parses textual IPv4 and IPv6 addresses without name resolution (unlike {@code
 * InetAddress.getByName}, which would query DNS for anything that is not an address literal).
 * IPv4 octets must be decimal without leading zeros; IPv6 accepts {@code ::} compression and a
 * trailing dotted IPv4 part. Every address is returned in 16-byte form, IPv4 as the IPv4-mapped
 * IPv6 address {@code ::ffff:a.b.c.d}: Elasticsearch's {@code cidrMatch} compares mixed families
 * that way (as Lucene's IP fields do), and so do we.
 */
final class IpAddress {

    private IpAddress() {}

    /** The 16 address bytes of {@code s[from, to)}, or {@code null} if it is not an IP address. */
    static byte[] parse(String s, int from, int to) {
        if (!isIpv6(s, from, to)) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            return parseIpv4(s, from, to, mapped, 12) ? mapped : null;
        }
        return parseIpv6(s, from, to);
    }

    /** Whether the text has IPv6 form (a colon); otherwise it can only be IPv4. */
    static boolean isIpv6(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == ':') {
                return true;
            }
        }
        return false;
    }

    static byte[] parse(String s) {
        return parse(s, 0, s.length());
    }

    private static boolean parseIpv4(String s, int from, int to, byte[] out, int offset) {
        int octet = 0;
        int i = from;
        while (octet < 4) {
            int start = i;
            int value = 0;
            while (i < to && isDigit(s.charAt(i)) && i - start < 3) {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return false;
            }
            out[offset + octet] = (byte) value;
            octet++;
            if (octet < 4) {
                if (i >= to || s.charAt(i) != '.') {
                    return false;
                }
                i++;
            }
        }
        return i == to;
    }

    private static byte[] parseIpv6(String s, int from, int to) {
        byte[] out = new byte[16];
        int groups = 0;
        int compressedAt = -1;
        int i = from;
        if (startsWith(s, i, to, "::")) {
            compressedAt = 0;
            i += 2;
            if (i == to) {
                return out;
            }
        }
        while (i < to) {
            if (groups == 8) {
                return null;
            }
            int start = i;
            int value = 0;
            while (i < to && isHexDigit(s.charAt(i)) && i - start < 4) {
                value = (value << 4) | Character.digit(s.charAt(i), 16);
                i++;
            }
            if (i < to && s.charAt(i) == '.') {
                // A dotted IPv4 tail takes the last two groups.
                if (groups > 6 || !parseIpv4(s, start, to, out, groups * 2)) {
                    return null;
                }
                groups += 2;
                i = to;
                break;
            }
            if (i == start) {
                return null;
            }
            out[groups * 2] = (byte) (value >>> 8);
            out[groups * 2 + 1] = (byte) value;
            groups++;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < to && s.charAt(i) == ':') {
                if (compressedAt >= 0) {
                    return null;
                }
                compressedAt = groups;
                i++;
            } else if (i == to) {
                return null;
            }
        }
        if (compressedAt < 0) {
            return groups == 8 ? out : null;
        }
        if (groups == 8) {
            return null;
        }
        // Move the groups after "::" to the end; the gap stays zero.
        int tailBytes = (groups - compressedAt) * 2;
        System.arraycopy(out, compressedAt * 2, out, 16 - tailBytes, tailBytes);
        java.util.Arrays.fill(out, compressedAt * 2, 16 - tailBytes, (byte) 0);
        return out;
    }

    private static boolean startsWith(String s, int at, int to, String prefix) {
        return to - at >= prefix.length() && s.startsWith(prefix, at);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}

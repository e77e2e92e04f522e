package org.rocketjms.remoting.protocol.broker;

import java.util.LinkedHashMap;
import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;

/**
 * Encodes a message's property map as one header string: {@code key U+0001 value U+0002} per entry. Keys and
 * values must not contain U+0001 or U+0002 (the encoder refuses them rather than corrupting the map).
 */
public final class PropertiesCodec {
    private static final char NAME_VALUE = '\u0001';
    private static final char ENTRY = '\u0002';

    private PropertiesCodec() {
    }

    /** Encodes the map; null or empty gives "". */
    public static String encode(Map<String, String> props) {
        if (props == null || props.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(64);
        for (Map.Entry<String, String> e : props.entrySet()) {
            check(e.getKey());
            check(e.getValue());
            sb.append(e.getKey()).append(NAME_VALUE).append(e.getValue()).append(ENTRY);
        }
        return sb.toString();
    }

    private static void check(String s) {
        if (s == null) {
            throw new IllegalArgumentException("null property name or value");
        }
        if (s.indexOf(NAME_VALUE) >= 0 || s.indexOf(ENTRY) >= 0) {
            throw new IllegalArgumentException("property names and values must not contain U+0001 or U+0002");
        }
    }

    /** Decodes a string made by {@link #encode}; null gives an empty map. */
    public static Map<String, String> decode(String s) throws RemotingCommandException {
        Map<String, String> out = new LinkedHashMap<>();
        if (s == null || s.isEmpty()) {
            return out;
        }
        int at = 0;
        while (at < s.length()) {
            int nv = s.indexOf(NAME_VALUE, at);
            int end = s.indexOf(ENTRY, at);
            if (nv < 0 || end < 0 || nv > end) {
                throw new RemotingCommandException("malformed properties string at index " + at);
            }
            out.put(s.substring(at, nv), s.substring(nv + 1, end));
            at = end + 1;
        }
        return out;
    }
}

package org.rocketjms.remoting.protocol;

import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;

/**
 * Parsing helpers for {@link CommandHeader} implementations: typed reads of extension fields that
 * fail with a {@link RemotingCommandException} naming the field and the offending value.
 *
 * <p>Booleans accept only {@code true} or {@code false} (any case); numbers are decimal.
 */
public final class HeaderFields {

    private HeaderFields() {
    }

    /** Returns the mandatory field {@code key}; throws if it is absent. */
    public static String requireString(Map<String, String> ext, String key) throws RemotingCommandException {
        String value = ext.get(key);
        if (value == null) {
            throw new RemotingCommandException("missing mandatory header field '" + key + "'");
        }
        return value;
    }

    /** Returns the mandatory int field {@code key}; throws if it is absent or not a decimal int. */
    public static int requireInt(Map<String, String> ext, String key) throws RemotingCommandException {
        return parseInt(key, requireString(ext, key));
    }

    /** Returns the mandatory long field {@code key}; throws if it is absent or not a decimal long. */
    public static long requireLong(Map<String, String> ext, String key) throws RemotingCommandException {
        return parseLong(key, requireString(ext, key));
    }

    /** Returns the mandatory boolean field {@code key}; throws if it is absent or not true/false. */
    public static boolean requireBoolean(Map<String, String> ext, String key) throws RemotingCommandException {
        return parseBoolean(key, requireString(ext, key));
    }

    /** Returns the optional int field {@code key}, or {@code defaultValue} if absent; throws if malformed. */
    public static int optionalInt(Map<String, String> ext, String key, int defaultValue)
            throws RemotingCommandException {
        String value = ext.get(key);
        return value == null ? defaultValue : parseInt(key, value);
    }

    /** Returns the optional long field {@code key}, or {@code defaultValue} if absent; throws if malformed. */
    public static long optionalLong(Map<String, String> ext, String key, long defaultValue)
            throws RemotingCommandException {
        String value = ext.get(key);
        return value == null ? defaultValue : parseLong(key, value);
    }

    /** Returns the optional boolean field {@code key}, or {@code defaultValue} if absent; throws if malformed. */
    public static boolean optionalBoolean(Map<String, String> ext, String key, boolean defaultValue)
            throws RemotingCommandException {
        String value = ext.get(key);
        return value == null ? defaultValue : parseBoolean(key, value);
    }

    /** Parses {@code value} of field {@code key} as a decimal int. */
    public static int parseInt(String key, String value) throws RemotingCommandException {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new RemotingCommandException("header field '" + key + "' is not a valid int: '" + value + "'", e);
        }
    }

    /** Parses {@code value} of field {@code key} as a decimal long. */
    public static long parseLong(String key, String value) throws RemotingCommandException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new RemotingCommandException("header field '" + key + "' is not a valid long: '" + value + "'", e);
        }
    }

    /** Parses {@code value} of field {@code key} as {@code true} or {@code false}, ignoring case. */
    public static boolean parseBoolean(String key, String value) throws RemotingCommandException {
        if ("true".equalsIgnoreCase(value)) {
            return true;
        }
        if ("false".equalsIgnoreCase(value)) {
            return false;
        }
        throw new RemotingCommandException("header field '" + key + "' is not a valid boolean: '" + value + "'");
    }
}

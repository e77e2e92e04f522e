package org.rocketjms.remoting.protocol.namesrv;

import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.HeaderFields;

/** Field helpers shared by the name server's headers. */
final class NamesrvHeaders {

    private NamesrvHeaders() {
    }

    static String requireNonEmpty(Map<String, String> ext, String key) throws RemotingCommandException {
        String value = HeaderFields.requireString(ext, key);
        if (value.isEmpty()) {
            throw new RemotingCommandException("header field '" + key + "' must not be empty");
        }
        return value;
    }

    static long requireBrokerId(Map<String, String> ext, String key) throws RemotingCommandException {
        long id = HeaderFields.requireLong(ext, key);
        if (id < 0) {
            throw new RemotingCommandException("header field '" + key + "' must not be negative: " + id);
        }
        return id;
    }

    static void put(Map<String, String> ext, String key, String value) {
        if (value != null) {
            ext.put(key, value);
        }
    }
}

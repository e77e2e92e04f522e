package org.rocketjms.remoting.protocol.broker;

import java.util.Map;

import org.rocketjms.remoting.protocol.CommandHeader;

/**
 * Header of AUTHENTICATE.
 *
 * @param user     the user name, or null for an anonymous connection
 * @param password the password (null = empty)
 */
public record AuthenticateRequestHeader(String user, String password) implements CommandHeader {
    @Override
    public void encode(Map<String, String> ext) {
        if (user != null) {
            ext.put("user", user);
        }
        if (password != null) {
            ext.put("password", password);
        }
    }

    /** Decodes the header; both fields are optional. */
    public static AuthenticateRequestHeader decode(Map<String, String> ext) {
        return new AuthenticateRequestHeader(ext.get("user"), ext.get("password"));
    }

    @Override
    public String toString() {
        return "AuthenticateRequestHeader[user=" + user + ", password=***]";
    }
}

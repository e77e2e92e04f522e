package org.rocketjms.ra.outbound;

import jakarta.resource.spi.ConnectionRequestInfo;
import java.util.Objects;

/**
 * The credentials an application passed to {@code createConnection(user, password)}; null fields mean the
 * factory's configured ones. Two managed connections are interchangeable only for equal request infos.
 */
public final class RocketConnectionRequestInfo implements ConnectionRequestInfo {
    private final String userName;
    private final String password;

    /** Request info for {@code userName}/{@code password} (both may be null). */
    public RocketConnectionRequestInfo(String userName, String password) {
        this.userName = userName;
        this.password = password;
    }

    /** The user, or null for the factory's. */
    public String userName() {
        return userName;
    }

    /** The password, or null for the factory's. */
    public String password() {
        return password;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RocketConnectionRequestInfo r && Objects.equals(userName, r.userName)
                && Objects.equals(password, r.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(userName, password);
    }

    @Override
    public String toString() {
        return "RocketConnectionRequestInfo[user=" + userName + ']';
    }
}

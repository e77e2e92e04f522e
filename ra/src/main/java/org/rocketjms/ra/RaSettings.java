package org.rocketjms.ra;

import java.io.Serializable;

/**
 * The connection settings one physical RocketJMS connection is made with: the name-server URL, credentials, client
 * ID and the client tuning. Null tuning values leave the provider's defaults in place. Immutable.
 *
 * @param url             name-server URL, {@code rocketjms://host:port[;host:port...]}
 * @param userName        user (null: anonymous)
 * @param password        password
 * @param clientId        client ID set on the connection (null: none)
 * @param prefetch        messages a consumer buffers (null: provider default)
 * @param sendTimeout     send timeout in ms (null: provider default)
 * @param retries         send retries on another queue or broker (null: provider default)
 * @param trustedPackages extra ObjectMessage packages (null: provider default)
 */
public record RaSettings(String url, String userName, String password, String clientId, Integer prefetch,
                         Long sendTimeout, Integer retries, String trustedPackages) implements Serializable {
    /** The URL used when nothing sets one. */
    public static final String DEFAULT_URL = "rocketjms://127.0.0.1:9876";

    /** These settings with other credentials. */
    public RaSettings withCredentials(String user, String pwd) {
        return new RaSettings(url, user, pwd, clientId, prefetch, sendTimeout, retries, trustedPackages);
    }

    /** These settings with another client ID. */
    public RaSettings withClientId(String id) {
        return new RaSettings(url, userName, password, id, prefetch, sendTimeout, retries, trustedPackages);
    }

    @Override
    public String toString() {
        return "RaSettings[" + url + ", user=" + userName + ", clientId=" + clientId + ']';
    }
}

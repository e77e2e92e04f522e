package org.rocketjms.jms.impl;

/**
 * What a connection factory hands to a new connection: where the name servers are, credentials, the
 * administratively configured client ID (or null) and client tuning.
 *
 * @param url             connection URL {@code rocketjms://host:port[;...]}
 * @param user            user name or null
 * @param password        password or null
 * @param clientId        administratively configured JMS client ID, or null
 * @param prefetch        prefetch messages per consumer (0 = client default)
 * @param sendTimeout     send timeout in ms (0 = client default)
 * @param retries         send retries (-1 = client default)
 * @param trustedPackages comma-separated packages trusted for ObjectMessage, or null for the default
 */
public record ConnectionSettings(String url, String user, String password, String clientId, int prefetch,
                                 long sendTimeout, int retries, String trustedPackages) {
}

package org.rocketjms.broker.auth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.rocketjms.broker.BrokerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks user names and passwords against the users file ({@code aclUsersFile}, lines {@code user=password}) read
 * once at start. With {@code aclEnable=false} everything is accepted. Passwords are compared in constant time;
 * failures never tell whether the user or the password was wrong. Immutable and thread-safe.
 */
public final class AclAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(AclAuthenticator.class);

    private final boolean enabled;
    private final boolean allowAnonymous;
    private final Map<String, byte[]> users;

    private AclAuthenticator(boolean enabled, boolean allowAnonymous, Map<String, byte[]> users) {
        this.enabled = enabled;
        this.allowAnonymous = allowAnonymous;
        this.users = users;
    }

    /**
     * Builds the authenticator from the broker settings.
     *
     * @throws IllegalStateException if ACL is enabled and the users file is missing or unreadable
     */
    public static AclAuthenticator fromConfig(BrokerConfig config) {
        if (!config.isAclEnable()) {
            return new AclAuthenticator(false, true, Map.of());
        }
        Path file = Path.of(config.getAclUsersFile());
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("aclEnable=true but the users file aclUsersFile=" + file.toAbsolutePath()
                    + " does not exist", e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the users file aclUsersFile=" + file.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
        Map<String, byte[]> users = new HashMap<>();
        for (String user : p.stringPropertyNames()) {
            users.put(user, p.getProperty(user).getBytes(StandardCharsets.UTF_8));
        }
        LOG.info("ACL enabled with {} users from {} (anonymous connections {})", users.size(), file,
                config.isAclAllowAnonymous() ? "allowed" : "refused");
        return new AclAuthenticator(true, config.isAclAllowAnonymous(), users);
    }

    /** Whether credentials are checked at all. */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Whether the credentials are accepted. A null or empty user is an anonymous connection, accepted unless ACL is
     * enabled with {@code aclAllowAnonymous=false}.
     */
    public boolean authenticate(String user, String password) {
        if (!enabled) {
            return true;
        }
        if (user == null || user.isEmpty()) {
            return allowAnonymous;
        }
        byte[] expected = users.get(user);
        byte[] given = (password == null ? "" : password).getBytes(StandardCharsets.UTF_8);
        // compare against something even for an unknown user, so timing does not reveal which part was wrong
        boolean match = MessageDigest.isEqual(expected != null ? expected : new byte[given.length], given);
        return expected != null && match;
    }
}

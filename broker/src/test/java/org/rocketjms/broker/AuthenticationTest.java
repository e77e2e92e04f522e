package org.rocketjms.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.broker.AuthenticateRequestHeader;
import org.rocketjms.remoting.protocol.broker.BrokerRequestCode;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;

/** AUTHENTICATE against the users file. */
class AuthenticationTest extends JmsFeatureTestBase {
    private RemotingCommand auth(TestClient c, String user, String password) throws Exception {
        return call(c, BrokerRequestCode.AUTHENTICATE, new AuthenticateRequestHeader(user, password), Map.of(), null);
    }

    private Path usersFile() throws Exception {
        Path f = dir.resolve("users.properties");
        Files.writeString(f, "alice=secret\nbob=b0b\n");
        return f;
    }

    @Test
    void everythingIsAcceptedWithoutAcl() throws Exception {
        startBroker();
        TestClient c = client("c1");
        assertEquals(0, auth(c, "anyone", "anything").getCode());
        assertEquals(0, auth(c, null, null).getCode());
    }

    @Test
    void acceptsValidAndRefusesInvalidCredentialsWithoutSayingWhich() throws Exception {
        startBroker("aclEnable", "true", "aclUsersFile", usersFile().toString());
        TestClient c = client("c1");
        assertEquals(0, auth(c, "alice", "secret").getCode());
        RemotingCommand wrongPassword = auth(c, "alice", "nope");
        RemotingCommand unknownUser = auth(c, "mallory", "secret");
        assertEquals(BrokerResponseCode.NO_PERMISSION, wrongPassword.getCode());
        assertEquals(BrokerResponseCode.NO_PERMISSION, unknownUser.getCode());
        assertEquals("invalid user name or password", wrongPassword.getRemark());
        assertEquals(wrongPassword.getRemark(), unknownUser.getRemark());
        assertEquals(0, auth(c, null, null).getCode(), "anonymous allowed by default");
    }

    @Test
    void anonymousRefusedWhenConfigured() throws Exception {
        startBroker("aclEnable", "true", "aclUsersFile", usersFile().toString(), "aclAllowAnonymous", "false");
        TestClient c = client("c1");
        assertEquals(BrokerResponseCode.NO_PERMISSION, auth(c, null, null).getCode());
        assertEquals(0, auth(c, "bob", "b0b").getCode());
    }

    @Test
    void missingUsersFileFailsTheStart() {
        Path missing = dir.resolve("nope.properties");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> startBroker("aclEnable", "true", "aclUsersFile", missing.toString()));
        assertTrue(e.getMessage().contains("aclUsersFile"), e.getMessage());
        broker = null;
    }
}

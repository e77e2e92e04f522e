package org.rocketjms.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.spi.InvalidPropertyException;
import java.beans.PropertyDescriptor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rocketjms.ra.inbound.RocketActivationSpec;

/** {@link RocketActivationSpec#validate()} names every wrong property; defaults are explicit. */
class ActivationSpecTest {
    private static RocketActivationSpec queue() {
        RocketActivationSpec s = new RocketActivationSpec();
        s.setDestination("orders");
        return s;
    }

    private static InvalidPropertyException invalid(RocketActivationSpec s, String property, String text) {
        InvalidPropertyException e = assertThrows(InvalidPropertyException.class, s::validate);
        assertTrue(e.getMessage().contains(text), e.getMessage());
        List<String> names = Arrays.stream(e.getInvalidPropertyDescriptors()).map(PropertyDescriptor::getName)
                .toList();
        assertTrue(names.contains(property), names.toString());
        return e;
    }

    @Test
    void defaults() throws Exception {
        RocketActivationSpec s = queue();
        s.validate();
        assertEquals("jakarta.jms.Queue", s.getDestinationType());
        assertEquals("Auto-acknowledge", s.getAcknowledgeMode());
        assertEquals("NonDurable", s.getSubscriptionDurability());
        assertEquals(Boolean.FALSE, s.getSubscriptionShared());
        assertEquals(5, s.getMaxSession());
        assertEquals(0, s.getMaxDeliveryAttempts());
        assertEquals(0L, s.getRedeliveryDelay());
        assertEquals(1000L, s.getReceiveTimeout());
        assertEquals(1000L, s.getReconnectInitialDelay());
        assertEquals(30_000L, s.getReconnectMaxDelay());
        assertEquals(-1, s.getReconnectAttempts());
    }

    @Test
    void destinationIsRequired() {
        invalid(new RocketActivationSpec(), "destination", "set destinationLookup or destination");
        RocketActivationSpec s = new RocketActivationSpec();
        s.setDestinationLookup("jms/q");
        assertDoesNotThrow(s);
    }

    private static void assertDoesNotThrow(RocketActivationSpec s) {
        try {
            s.validate();
        } catch (InvalidPropertyException e) {
            throw new AssertionError("unexpected: " + e.getMessage(), e);
        }
    }

    @Test
    void badDestinationTypeAndAcknowledgeMode() {
        RocketActivationSpec s = queue();
        s.setDestinationType("jakarta.jms.Mailbox");
        invalid(s, "destinationType", "'jakarta.jms.Mailbox' must be jakarta.jms.Queue or jakarta.jms.Topic");
        s = queue();
        s.setAcknowledgeMode("Client-acknowledge");
        invalid(s, "acknowledgeMode", "'Client-acknowledge' must be Auto-acknowledge or Dups-ok-acknowledge");
        s = queue();
        s.setAcknowledgeMode("Dups-ok-acknowledge");
        assertDoesNotThrow(s);
        assertTrue(s.isDupsOk());
    }

    @Test
    void durableNeedsTopicNameAndClientId() {
        RocketActivationSpec s = queue();
        s.setSubscriptionDurability("Durable");
        InvalidPropertyException e = invalid(s, "subscriptionName", "a Durable subscription needs a subscriptionName");
        assertTrue(e.getMessage().contains("needs destinationType jakarta.jms.Topic"), e.getMessage());
        assertTrue(e.getMessage().contains("needs a clientId"), e.getMessage());

        s.setDestinationType("jakarta.jms.Topic");
        s.setSubscriptionName("audit");
        invalid(s, "clientId", "an unshared Durable subscription needs a clientId");
        s.setClientId("app-1");
        assertDoesNotThrow(s);
        s.setClientId(null);
        s.setSubscriptionShared(true);
        assertDoesNotThrow(s);

        s.setSubscriptionDurability("Sometimes");
        invalid(s, "subscriptionDurability", "'Sometimes' must be Durable or NonDurable");
    }

    @Test
    void sharedNeedsTopicAndName() {
        RocketActivationSpec s = queue();
        s.setSubscriptionShared(true);
        invalid(s, "subscriptionShared", "subscriptionShared applies to topics only");
        s.setDestinationType("jakarta.jms.Topic");
        invalid(s, "subscriptionName", "a shared subscription needs a subscriptionName");
    }

    @Test
    void badSelectorIsNamed() {
        RocketActivationSpec s = queue();
        s.setMessageSelector("color = 'red' AND");
        invalid(s, "messageSelector", "messageSelector 'color = 'red' AND' is invalid at position 17: ");
        s.setMessageSelector("color = 'red'");
        assertDoesNotThrow(s);
    }

    @Test
    void numbersMustBeInRange() {
        RocketActivationSpec s = queue();
        s.setMaxSession(0);
        s.setRedeliveryDelay(-5L);
        s.setReconnectAttempts(-2);
        s.setReceiveTimeout(null);
        InvalidPropertyException e = invalid(s, "maxSession", "maxSession is 0 but must be at least 1");
        assertTrue(e.getMessage().contains("redeliveryDelay is -5 but must be at least 0"));
        assertTrue(e.getMessage().contains("reconnectAttempts is -2 but must be at least -1"));
        assertTrue(e.getMessage().contains("receiveTimeout must be set"));
        assertEquals(4, e.getInvalidPropertyDescriptors().length);
    }

    @Test
    void equalityFollowsProperties() {
        RocketActivationSpec a = queue();
        RocketActivationSpec b = queue();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        b.setMaxSession(2);
        assertNotEquals(a, b);
    }
}

package org.rocketjms.ra.inbound;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import java.beans.PropertyDescriptor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.rocketjms.jms.MessageSelectors;
import org.rocketjms.ra.RaSettings;
import org.rocketjms.ra.RocketResourceAdapter;

/**
 * What a message-driven bean listens to and how: the standard Jakarta Messaging activation properties
 * ({@code destinationLookup}, {@code connectionFactoryLookup}, {@code destination}, {@code destinationType},
 * {@code messageSelector}, {@code acknowledgeMode}, {@code subscriptionDurability}, {@code clientId},
 * {@code subscriptionName}, {@code subscriptionShared}) plus {@code maxSession}, {@code maxDeliveryAttempts},
 * {@code redeliveryDelay}, {@code receiveTimeout}, {@code reconnectInitialDelay}, {@code reconnectMaxDelay},
 * {@code reconnectAttempts} and connection overrides ({@code connectionURL}, {@code userName}, {@code password}).
 * Every property is a boxed type with an explicit default; {@link #validate()} names each wrong one.
 */
public class RocketActivationSpec implements ActivationSpec, ResourceAdapterAssociation, Serializable {
    private static final long serialVersionUID = 1L;

    /** {@code acknowledgeMode} value for AUTO_ACKNOWLEDGE (the default). */
    public static final String AUTO_ACKNOWLEDGE = "Auto-acknowledge";
    /** {@code acknowledgeMode} value for DUPS_OK_ACKNOWLEDGE. */
    public static final String DUPS_OK_ACKNOWLEDGE = "Dups-ok-acknowledge";
    /** {@code subscriptionDurability} of a durable subscription. */
    public static final String DURABLE = "Durable";
    /** {@code subscriptionDurability} of a non-durable subscription (the default). */
    public static final String NON_DURABLE = "NonDurable";

    private String destinationLookup;
    private String connectionFactoryLookup;
    private String destination;
    private String destinationType = "jakarta.jms.Queue";
    private String messageSelector;
    private String acknowledgeMode = AUTO_ACKNOWLEDGE;
    private String subscriptionDurability = NON_DURABLE;
    private String clientId;
    private String subscriptionName;
    private Boolean subscriptionShared = Boolean.FALSE;
    private Integer maxSession = 5;
    private Integer maxDeliveryAttempts = 0;
    private Long redeliveryDelay = 0L;
    private Long receiveTimeout = 1000L;
    private Long reconnectInitialDelay = 1000L;
    private Long reconnectMaxDelay = 30_000L;
    private Integer reconnectAttempts = -1;
    private String connectionURL;
    private String userName;
    private String password;

    private transient ResourceAdapter resourceAdapter;

    // ------------------------------------------------------------------ standard properties

    /** JNDI name of the destination (default none). */
    public String getDestinationLookup() {
        return destinationLookup;
    }

    /** Sets the JNDI name of the destination. */
    public void setDestinationLookup(String v) {
        this.destinationLookup = v;
    }

    /** JNDI name of a RocketJMS resource-adapter connection factory whose settings to use (default none). */
    public String getConnectionFactoryLookup() {
        return connectionFactoryLookup;
    }

    /** Sets the connection factory JNDI name. */
    public void setConnectionFactoryLookup(String v) {
        this.connectionFactoryLookup = v;
    }

    /** The destination: a JNDI name (looked up first) or the physical queue/topic name. */
    public String getDestination() {
        return destination;
    }

    /** Sets the destination. */
    public void setDestination(String v) {
        this.destination = v;
    }

    /** {@code jakarta.jms.Queue} (default) or {@code jakarta.jms.Topic}. */
    public String getDestinationType() {
        return destinationType;
    }

    /** Sets the destination type. */
    public void setDestinationType(String v) {
        this.destinationType = v;
    }

    /** Message selector (default none). */
    public String getMessageSelector() {
        return messageSelector;
    }

    /** Sets the message selector. */
    public void setMessageSelector(String v) {
        this.messageSelector = v;
    }

    /** {@code Auto-acknowledge} (default) or {@code Dups-ok-acknowledge}. */
    public String getAcknowledgeMode() {
        return acknowledgeMode;
    }

    /** Sets the acknowledge mode. */
    public void setAcknowledgeMode(String v) {
        this.acknowledgeMode = v;
    }

    /** {@code NonDurable} (default) or {@code Durable} (topics only). */
    public String getSubscriptionDurability() {
        return subscriptionDurability;
    }

    /** Sets the subscription durability. */
    public void setSubscriptionDurability(String v) {
        this.subscriptionDurability = v;
    }

    /** Client ID of the activation's connection (required for an unshared durable subscription). */
    public String getClientId() {
        return clientId;
    }

    /** Sets the client ID. */
    public void setClientId(String v) {
        this.clientId = v;
    }

    /** Subscription name (required for durable or shared subscriptions). */
    public String getSubscriptionName() {
        return subscriptionName;
    }

    /** Sets the subscription name. */
    public void setSubscriptionName(String v) {
        this.subscriptionName = v;
    }

    /** Whether the topic subscription is shared (default false). */
    public Boolean getSubscriptionShared() {
        return subscriptionShared;
    }

    /** Sets whether the subscription is shared. */
    public void setSubscriptionShared(Boolean v) {
        this.subscriptionShared = v;
    }

    // ------------------------------------------------------------------ RocketJMS properties

    /** Concurrent sessions (delivery threads) for a queue or shared subscription (default 5). */
    public Integer getMaxSession() {
        return maxSession;
    }

    /** Sets the number of sessions. */
    public void setMaxSession(Integer v) {
        this.maxSession = v;
    }

    /**
     * Deliveries of one message after which the resource adapter moves it to the queue's dead-letter queue
     * {@code DLQ.<queue>} instead of delivering it again (default 0: the broker's {@code maxDeliveryAttempts}).
     */
    public Integer getMaxDeliveryAttempts() {
        return maxDeliveryAttempts;
    }

    /** Sets the delivery limit. */
    public void setMaxDeliveryAttempts(Integer v) {
        this.maxDeliveryAttempts = v;
    }

    /** Milliseconds to wait after a failed delivery before the message may be delivered again (default 0). */
    public Long getRedeliveryDelay() {
        return redeliveryDelay;
    }

    /** Sets the redelivery delay. */
    public void setRedeliveryDelay(Long v) {
        this.redeliveryDelay = v;
    }

    /** Milliseconds one receive waits; bounds how long deactivation waits for an idle session (default 1000). */
    public Long getReceiveTimeout() {
        return receiveTimeout;
    }

    /** Sets the receive timeout. */
    public void setReceiveTimeout(Long v) {
        this.receiveTimeout = v;
    }

    /** First wait before reconnecting after a failure (ms, default 1000; doubles up to the maximum). */
    public Long getReconnectInitialDelay() {
        return reconnectInitialDelay;
    }

    /** Sets the first reconnect delay. */
    public void setReconnectInitialDelay(Long v) {
        this.reconnectInitialDelay = v;
    }

    /** Longest wait between reconnect attempts (ms, default 30000). */
    public Long getReconnectMaxDelay() {
        return reconnectMaxDelay;
    }

    /** Sets the longest reconnect delay. */
    public void setReconnectMaxDelay(Long v) {
        this.reconnectMaxDelay = v;
    }

    /** Connection attempts before the activation gives up (default -1: keep trying until deactivated). */
    public Integer getReconnectAttempts() {
        return reconnectAttempts;
    }

    /** Sets the number of connection attempts. */
    public void setReconnectAttempts(Integer v) {
        this.reconnectAttempts = v;
    }

    /** Name-server URL (default: the resource adapter's). */
    public String getConnectionURL() {
        return connectionURL;
    }

    /** Sets the name-server URL. */
    public void setConnectionURL(String v) {
        this.connectionURL = v;
    }

    /** User (default: the resource adapter's). */
    public String getUserName() {
        return userName;
    }

    /** Sets the user. */
    public void setUserName(String v) {
        this.userName = v;
    }

    /** Password (default: the resource adapter's). */
    public String getPassword() {
        return password;
    }

    /** Sets the password. */
    public void setPassword(String v) {
        this.password = v;
    }

    // ------------------------------------------------------------------ derived

    /** Whether the destination is a topic. */
    public boolean isTopic() {
        String t = destinationType == null ? "" : destinationType.trim();
        return t.equals("jakarta.jms.Topic") || t.equals("javax.jms.Topic") || t.equalsIgnoreCase("Topic");
    }

    private boolean isQueueType() {
        String t = destinationType == null ? "" : destinationType.trim();
        return t.equals("jakarta.jms.Queue") || t.equals("javax.jms.Queue") || t.equalsIgnoreCase("Queue");
    }

    /** Whether the subscription is durable. */
    public boolean isDurable() {
        return DURABLE.equalsIgnoreCase(trim(subscriptionDurability));
    }

    /** Whether the subscription is shared. */
    public boolean isShared() {
        return Boolean.TRUE.equals(subscriptionShared);
    }

    /** Whether delivery acknowledges DUPS_OK. */
    public boolean isDupsOk() {
        return DUPS_OK_ACKNOWLEDGE.equalsIgnoreCase(trim(acknowledgeMode));
    }

    /** The connection settings: this spec's overrides over the resource adapter's. */
    public RaSettings settings(RocketResourceAdapter ra) {
        String url = connectionURL != null ? connectionURL
                : ra != null && ra.getConnectionURL() != null ? ra.getConnectionURL() : RaSettings.DEFAULT_URL;
        String user = userName != null ? userName : ra != null ? ra.getUserName() : null;
        String pwd = password != null ? password : ra != null ? ra.getPassword() : null;
        return new RaSettings(url, user, pwd, null, null, null, null, null);
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public void validate() throws InvalidPropertyException {
        List<String> problems = new ArrayList<>();
        List<String> props = new ArrayList<>();
        if (blank(destination) && blank(destinationLookup)) {
            problem(problems, props, "destination", "set destinationLookup or destination");
        }
        if (!isTopic() && !isQueueType()) {
            problem(problems, props, "destinationType", "destinationType '" + destinationType
                    + "' must be jakarta.jms.Queue or jakarta.jms.Topic");
        }
        String ack = trim(acknowledgeMode);
        if (ack != null && !ack.equalsIgnoreCase(AUTO_ACKNOWLEDGE) && !ack.equalsIgnoreCase(DUPS_OK_ACKNOWLEDGE)) {
            problem(problems, props, "acknowledgeMode", "acknowledgeMode '" + acknowledgeMode + "' must be "
                    + AUTO_ACKNOWLEDGE + " or " + DUPS_OK_ACKNOWLEDGE);
        }
        String dur = trim(subscriptionDurability);
        if (dur != null && !dur.equalsIgnoreCase(DURABLE) && !dur.equalsIgnoreCase(NON_DURABLE)) {
            problem(problems, props, "subscriptionDurability", "subscriptionDurability '" + subscriptionDurability
                    + "' must be " + DURABLE + " or " + NON_DURABLE);
        }
        if (isDurable() && !isTopic()) {
            problem(problems, props, "subscriptionDurability", "a Durable subscription needs destinationType"
                    + " jakarta.jms.Topic");
        }
        if (isDurable() && blank(subscriptionName)) {
            problem(problems, props, "subscriptionName", "a Durable subscription needs a subscriptionName");
        }
        if (isDurable() && !isShared() && blank(clientId)) {
            problem(problems, props, "clientId", "an unshared Durable subscription needs a clientId (or set"
                    + " subscriptionShared=true)");
        }
        if (isShared() && !isTopic()) {
            problem(problems, props, "subscriptionShared", "subscriptionShared applies to topics only");
        }
        if (isShared() && blank(subscriptionName)) {
            problem(problems, props, "subscriptionName", "a shared subscription needs a subscriptionName");
        }
        if (!blank(messageSelector)) {
            try {
                MessageSelectors.check(messageSelector);
            } catch (MessageSelectors.InvalidSelector e) {
                problem(problems, props, "messageSelector", "messageSelector '" + messageSelector + "' is invalid at"
                        + " position " + e.getPosition() + ": " + e.getReason());
            }
        }
        positive(problems, props, "maxSession", maxSession == null ? null : maxSession.longValue(), 1);
        positive(problems, props, "maxDeliveryAttempts",
                maxDeliveryAttempts == null ? null : maxDeliveryAttempts.longValue(), 0);
        positive(problems, props, "redeliveryDelay", redeliveryDelay, 0);
        positive(problems, props, "receiveTimeout", receiveTimeout, 1);
        positive(problems, props, "reconnectInitialDelay", reconnectInitialDelay, 0);
        positive(problems, props, "reconnectMaxDelay", reconnectMaxDelay, 0);
        positive(problems, props, "reconnectAttempts", reconnectAttempts == null ? null
                : reconnectAttempts.longValue(), -1);
        if (!problems.isEmpty()) {
            InvalidPropertyException e = new InvalidPropertyException("invalid RocketJMS activation spec: "
                    + String.join("; ", problems));
            List<PropertyDescriptor> descriptors = new ArrayList<>();
            for (String p : props) {
                try {
                    descriptors.add(new PropertyDescriptor(p, RocketActivationSpec.class));
                } catch (java.beans.IntrospectionException ie) {
                    e.addSuppressed(ie);
                }
            }
            e.setInvalidPropertyDescriptors(descriptors.toArray(new PropertyDescriptor[0]));
            throw e;
        }
    }

    private static void problem(List<String> problems, List<String> props, String prop, String text) {
        problems.add(text);
        if (!props.contains(prop)) {
            props.add(prop);
        }
    }

    private static void positive(List<String> problems, List<String> props, String prop, Long value, long min) {
        if (value == null) {
            problem(problems, props, prop, prop + " must be set");
        } else if (value < min) {
            problem(problems, props, prop, prop + " is " + value + " but must be at least " + min);
        }
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) throws ResourceException {
        this.resourceAdapter = ra;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RocketActivationSpec s)) {
            return false;
        }
        return Objects.equals(destinationLookup, s.destinationLookup)
                && Objects.equals(connectionFactoryLookup, s.connectionFactoryLookup)
                && Objects.equals(destination, s.destination) && Objects.equals(destinationType, s.destinationType)
                && Objects.equals(messageSelector, s.messageSelector)
                && Objects.equals(acknowledgeMode, s.acknowledgeMode)
                && Objects.equals(subscriptionDurability, s.subscriptionDurability)
                && Objects.equals(clientId, s.clientId) && Objects.equals(subscriptionName, s.subscriptionName)
                && Objects.equals(subscriptionShared, s.subscriptionShared) && Objects.equals(maxSession, s.maxSession)
                && Objects.equals(maxDeliveryAttempts, s.maxDeliveryAttempts)
                && Objects.equals(redeliveryDelay, s.redeliveryDelay)
                && Objects.equals(receiveTimeout, s.receiveTimeout)
                && Objects.equals(reconnectInitialDelay, s.reconnectInitialDelay)
                && Objects.equals(reconnectMaxDelay, s.reconnectMaxDelay)
                && Objects.equals(reconnectAttempts, s.reconnectAttempts)
                && Objects.equals(connectionURL, s.connectionURL) && Objects.equals(userName, s.userName)
                && Objects.equals(password, s.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(destinationLookup, destination, destinationType, messageSelector, subscriptionName,
                clientId, connectionURL);
    }

    @Override
    public String toString() {
        return "RocketActivationSpec[" + (destinationLookup != null ? "destinationLookup=" + destinationLookup
                : "destination=" + destination) + ", " + destinationType
                + (messageSelector != null ? ", selector=" + messageSelector : "")
                + (isDurable() ? ", durable " + subscriptionName : "") + ", maxSession=" + maxSession + ']';
    }
}

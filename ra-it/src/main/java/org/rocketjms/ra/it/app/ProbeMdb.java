package org.rocketjms.ra.it.app;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;

/**
 * Records each delivery of {@code jms/testQueue} (container-managed REQUIRED transaction, so the receive is part of
 * it). Texts starting {@code fail-once} throw on the first attempt, texts starting {@code fail-always} always throw.
 */
@MessageDriven(name = "ProbeMdb", activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = "jms/testQueue"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "2")
})
public class ProbeMdb implements MessageListener {
    @Override
    public void onMessage(Message message) {
        try {
            String text = ((TextMessage) message).getText();
            int attempt = message.getIntProperty("JMSXDeliveryCount");
            Deliveries.add(text + " attempt=" + attempt + " redelivered=" + message.getJMSRedelivered());
            if (text.startsWith("fail-always") || (text.startsWith("fail-once") && attempt == 1)) {
                throw new IllegalStateException("ProbeMdb fails on purpose: " + text + " attempt " + attempt);
            }
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}

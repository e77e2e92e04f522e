package org.rocketjms.jms.impl;

import jakarta.jms.JMSConsumer;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/**
 * The simplified API's consumer: a {@link JmsMessageConsumer} whose failures are runtime exceptions, plus the
 * {@code receiveBody} methods (a body of the wrong type throws {@code MessageFormatRuntimeException} and, in
 * AUTO/DUPS_OK, leaves the message for redelivery).
 */
public final class SimpleConsumer implements JMSConsumer {
    private final JmsMessageConsumer consumer;

    SimpleConsumer(JmsMessageConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public String getMessageSelector() {
        return JmsContext.call(consumer::getMessageSelector);
    }

    @Override
    public MessageListener getMessageListener() {
        return JmsContext.call(consumer::getMessageListener);
    }

    @Override
    public void setMessageListener(MessageListener listener) {
        JmsContext.call(() -> {
            consumer.setMessageListener(listener);
            return null;
        });
    }

    @Override
    public Message receive() {
        return JmsContext.call(consumer::receive);
    }

    @Override
    public Message receive(long timeout) {
        return JmsContext.call(() -> consumer.receive(timeout));
    }

    @Override
    public Message receiveNoWait() {
        return JmsContext.call(consumer::receiveNoWait);
    }

    @Override
    public void close() {
        JmsContext.call(() -> {
            consumer.close();
            return null;
        });
    }

    @Override
    public <T> T receiveBody(Class<T> c) {
        return JmsContext.call(() -> consumer.receiveBody(c, 0, false));
    }

    @Override
    public <T> T receiveBody(Class<T> c, long timeout) {
        return JmsContext.call(() -> consumer.receiveBody(c, timeout, false));
    }

    @Override
    public <T> T receiveBodyNoWait(Class<T> c) {
        return JmsContext.call(() -> consumer.receiveBody(c, 0, true));
    }
}

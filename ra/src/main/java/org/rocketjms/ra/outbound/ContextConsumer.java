package org.rocketjms.ra.outbound;

import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import org.rocketjms.jms.impl.SimplifiedApi;

/**
 * A consumer made by a {@link ContextHandle}: receives through the provider's simplified-API consumer (its
 * {@code receiveBody} rules included), closes through the {@link ConsumerHandle} so the session forgets it, and refuses
 * asynchronous delivery as the Jakarta Messaging specification requires in the EE web and EJB containers.
 */
final class ContextConsumer implements JMSConsumer {
    private final ConsumerHandle handle;
    private final JMSConsumer delegate;

    ContextConsumer(ConsumerHandle handle) {
        this.handle = handle;
        this.delegate = SimplifiedApi.consumer(handle.physical());
    }

    @Override
    public String getMessageSelector() {
        return delegate.getMessageSelector();
    }

    @Override
    public MessageListener getMessageListener() {
        throw new IllegalStateRuntimeException("JMSConsumer.getMessageListener must not be used in a Jakarta EE web or"
                + " EJB container");
    }

    @Override
    public void setMessageListener(MessageListener listener) {
        throw new IllegalStateRuntimeException("JMSConsumer.setMessageListener must not be used in a Jakarta EE web or"
                + " EJB container: use a message-driven bean");
    }

    @Override
    public Message receive() {
        return delegate.receive();
    }

    @Override
    public Message receive(long timeout) {
        return delegate.receive(timeout);
    }

    @Override
    public Message receiveNoWait() {
        return delegate.receiveNoWait();
    }

    @Override
    public void close() {
        ContextHandle.call(() -> {
            handle.close();
            return null;
        });
    }

    @Override
    public <T> T receiveBody(Class<T> c) {
        return delegate.receiveBody(c);
    }

    @Override
    public <T> T receiveBody(Class<T> c, long timeout) {
        return delegate.receiveBody(c, timeout);
    }

    @Override
    public <T> T receiveBodyNoWait(Class<T> c) {
        return delegate.receiveBodyNoWait(c);
    }
}

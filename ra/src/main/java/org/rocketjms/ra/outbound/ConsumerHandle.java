package org.rocketjms.ra.outbound;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import jakarta.jms.QueueReceiver;
import jakarta.jms.Topic;
import jakarta.jms.TopicSubscriber;

/**
 * A consumer made through a connection handle: delegates to the physical consumer, except that asynchronous delivery
 * ({@code setMessageListener}) is refused as the Jakarta Messaging specification requires in the EE containers (use a
 * message-driven bean).
 */
final class ConsumerHandle implements QueueReceiver, TopicSubscriber {
    private final MessageConsumer delegate;
    private final SessionHandle session;

    ConsumerHandle(MessageConsumer delegate, SessionHandle session) {
        this.delegate = delegate;
        this.session = session;
    }

    @Override
    public String getMessageSelector() throws JMSException {
        return delegate.getMessageSelector();
    }

    @Override
    public MessageListener getMessageListener() throws JMSException {
        throw new jakarta.jms.IllegalStateException("MessageConsumer.getMessageListener must not be used in a"
                + " Jakarta EE web or EJB container");
    }

    @Override
    public void setMessageListener(MessageListener listener) throws JMSException {
        throw new jakarta.jms.IllegalStateException("MessageConsumer.setMessageListener must not be used in a"
                + " Jakarta EE web or EJB container: use a message-driven bean");
    }

    @Override
    public Message receive() throws JMSException {
        return delegate.receive();
    }

    @Override
    public Message receive(long timeout) throws JMSException {
        return delegate.receive(timeout);
    }

    @Override
    public Message receiveNoWait() throws JMSException {
        return delegate.receiveNoWait();
    }

    @Override
    public void close() throws JMSException {
        session.forget(this);
        delegate.close();
    }

    /** The provider's consumer underneath (for the JMSContext's consumer view). */
    MessageConsumer physical() {
        return delegate;
    }

    void closePhysical() throws JMSException {
        delegate.close();
    }

    @Override
    public Queue getQueue() throws JMSException {
        if (delegate instanceof QueueReceiver r) {
            return r.getQueue();
        }
        throw new jakarta.jms.IllegalStateException("this consumer is not a QueueReceiver");
    }

    @Override
    public Topic getTopic() throws JMSException {
        if (delegate instanceof TopicSubscriber t) {
            return t.getTopic();
        }
        throw new jakarta.jms.IllegalStateException("this consumer is not a TopicSubscriber");
    }

    @Override
    public boolean getNoLocal() throws JMSException {
        if (delegate instanceof TopicSubscriber t) {
            return t.getNoLocal();
        }
        throw new jakarta.jms.IllegalStateException("this consumer is not a TopicSubscriber");
    }
}

package org.rocketjms.ra;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * A container stand-in for MDB delivery: records each delivery (text, JMSRedelivered, JMSXDeliveryCount); texts
 * starting {@code fail-once} throw on their first delivery, texts starting {@code fail-always} always throw. When
 * transacted it plays the transaction manager around the XA resource it was given: start in beforeDelivery, end +
 * commit (or rollback after an exception) in afterDelivery.
 */
final class TestEndpointFactory implements MessageEndpointFactory {
    record Delivery(String text, boolean redelivered, int count, long atNanos) {
    }

    final boolean transacted;
    final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    final AtomicInteger created = new AtomicInteger();
    final AtomicInteger released = new AtomicInteger();
    final List<String> xaCalls = new CopyOnWriteArrayList<>();

    TestEndpointFactory(boolean transacted) {
        this.transacted = transacted;
    }

    List<Delivery> of(String text) {
        return deliveries.stream().filter(d -> d.text().equals(text)).toList();
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource) {
        created.incrementAndGet();
        return new Endpoint(xaResource);
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource, long timeout) {
        return createEndpoint(xaResource);
    }

    @Override
    public boolean isDeliveryTransacted(Method method) {
        return transacted;
    }

    @Override
    public String getActivationName() {
        return "test-endpoint";
    }

    @Override
    public Class<?> getEndpointClass() {
        return Endpoint.class;
    }

    final class Endpoint implements MessageEndpoint, MessageListener {
        private final XAResource xa;
        private Xid xid;
        private boolean threw;

        Endpoint(XAResource xa) {
            this.xa = xa;
        }

        @Override
        public void beforeDelivery(Method method) {
            threw = false;
            if (xa != null) {
                xid = TestXa.xid();
                try {
                    xa.start(xid, XAResource.TMNOFLAGS);
                } catch (XAException e) {
                    throw new IllegalStateException("start failed: " + e.errorCode, e);
                }
            }
        }

        @Override
        public void onMessage(Message m) {
            try {
                String text = ((TextMessage) m).getText();
                int count = m.getIntProperty("JMSXDeliveryCount");
                deliveries.add(new Delivery(text, m.getJMSRedelivered(), count, System.nanoTime()));
                if (text.startsWith("fail-always") || (text.startsWith("fail-once") && count == 1)) {
                    threw = true;
                    throw new IllegalStateException("listener fails on purpose: " + text + " attempt " + count);
                }
            } catch (JMSException e) {
                threw = true;
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void afterDelivery() {
            if (xa == null) {
                return;
            }
            try {
                xa.end(xid, threw ? XAResource.TMFAIL : XAResource.TMSUCCESS);
                if (threw) {
                    xa.rollback(xid);
                    xaCalls.add("rollback");
                } else {
                    xa.commit(xid, true);
                    xaCalls.add("commit");
                }
            } catch (XAException e) {
                xaCalls.add("error " + e.errorCode);
                try {
                    xa.rollback(xid);
                } catch (XAException e2) {
                    e.addSuppressed(e2);
                }
                throw new IllegalStateException("completion failed: " + e.errorCode, e);
            }
        }

        @Override
        public void release() {
            released.incrementAndGet();
        }
    }
}

package org.rocketjms.broker.filter;

import java.nio.ByteBuffer;
import java.util.Map;

import org.rocketjms.filter.selector.Selector;
import org.rocketjms.filter.selector.SelectorCache;
import org.rocketjms.filter.selector.SelectorParseException;
import org.rocketjms.filter.tag.TagFilter;
import org.rocketjms.filter.wire.TypedPropertyCodec;
import org.rocketjms.remoting.protocol.broker.ExpressionType;
import org.rocketjms.store.MessageFilter;
import org.rocketjms.store.MessageProperties;
import org.rocketjms.store.commitlog.RecordCodec;

/**
 * A consumer's subscription as a store {@link MessageFilter}: tags are checked by hash on the consume queue then
 * exactly on the record; a SQL92 selector is evaluated over the record's properties (typed values decoded with
 * {@link TypedPropertyCodec}, headers under their {@code HeaderKeys}). Immutable and thread-safe.
 */
public final class SubscriptionFilter implements MessageFilter {
    private static final SelectorCache SELECTORS = new SelectorCache();

    private final TagFilter tags;
    private final Selector selector;

    private SubscriptionFilter(TagFilter tags, Selector selector) {
        this.tags = tags;
        this.selector = selector;
    }

    /**
     * Builds the filter, or returns null when it would accept everything (the fast path).
     *
     * @throws IllegalArgumentException with a readable reason when the expression does not parse
     */
    public static SubscriptionFilter of(String expression, String type) {
        if (!ExpressionType.isValid(type)) {
            throw new IllegalArgumentException("unknown expression type '" + type + "' (TAG or SQL92)");
        }
        if (type != null && ExpressionType.SQL92.equalsIgnoreCase(type)) {
            Selector s;
            try {
                s = SELECTORS.get(expression);
            } catch (SelectorParseException e) {
                throw new IllegalArgumentException("invalid selector: " + e.getMessage(), e);
            }
            return s.isMatchAll() ? null : new SubscriptionFilter(null, s);
        }
        TagFilter t = TagFilter.parse(expression);
        return t.isMatchAll() ? null : new SubscriptionFilter(t, null);
    }

    @Override
    public boolean isMatchedByConsumeQueue(long tagsCode) {
        return tags == null || tags.mayMatch(tagsCode);
    }

    @Override
    public boolean isMatchedByCommitLog(ByteBuffer record) {
        Map<String, String> props = RecordCodec.propertiesOf(record, 0);
        return matches(props);
    }

    /**
     * Whether this is the constant selector {@code FALSE}: a client pops with it only to fix where a subscription
     * starts (nothing is handed out), so it says nothing about which messages belong to the subscription.
     */
    public boolean isMatchNothing() {
        return selector != null && "FALSE".equalsIgnoreCase(selector.expression().trim());
    }

    /** Evaluates the filter on a property map. */
    public boolean matches(Map<String, String> props) {
        if (tags != null) {
            return tags.matches(props.get(MessageProperties.TAGS));
        }
        return selector.matches(TypedPropertyCodec.propertySource(props));
    }
}

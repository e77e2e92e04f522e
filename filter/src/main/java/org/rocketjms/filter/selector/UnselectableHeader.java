package org.rocketjms.filter.selector;

/**
 * A {@code JMS*} header name that selectors may not read (for example {@code JMSDestination}); it is
 * always NULL and the {@link PropertySource} is never asked for it.
 */
final class UnselectableHeader implements Expression {

    private final String name;

    UnselectableHeader(String name) {
        this.name = name;
    }

    @Override
    public Object evaluate(PropertySource source) {
        return null;
    }

    @Override
    public String toString() {
        return name;
    }
}

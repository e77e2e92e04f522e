package org.rocketjms.filter.selector;

/** An identifier: a header field or property whose value the {@link PropertySource} supplies. */
final class PropertyReference implements Expression {

    private final String name;

    PropertyReference(String name) {
        this.name = name;
    }

    /** @return the identifier as written in the selector */
    String name() {
        return name;
    }

    @Override
    public Object evaluate(PropertySource source) {
        return source.getValue(name);
    }

    @Override
    public String toString() {
        return name;
    }
}

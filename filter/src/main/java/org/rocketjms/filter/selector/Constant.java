package org.rocketjms.filter.selector;

/** A literal: a String, Long, Double or Boolean. */
final class Constant implements Expression {

    static final Constant TRUE = new Constant(Boolean.TRUE);
    static final Constant FALSE = new Constant(Boolean.FALSE);

    private final Object value;

    Constant(Object value) {
        this.value = value;
    }

    /** @return the literal's value */
    Object value() {
        return value;
    }

    @Override
    public Object evaluate(PropertySource source) {
        return value;
    }

    @Override
    public String toString() {
        return Values.toLiteral(value);
    }
}

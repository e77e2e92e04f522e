package org.rocketjms.remoting.protocol.broker;

/** Kinds of subscription expression: a tag list ({@code "a || b"}, {@code "*"}) or a JMS selector. */
public final class ExpressionType {
    /** Tags separated by {@code ||}; {@code *} or empty matches everything. */
    public static final String TAG = "TAG";
    /** A JMS message selector (SQL92 subset) over the message properties. */
    public static final String SQL92 = "SQL92";

    private ExpressionType() {
    }

    /** True if {@code type} is null, TAG or SQL92 (any case). */
    public static boolean isValid(String type) {
        return type == null || TAG.equalsIgnoreCase(type) || SQL92.equalsIgnoreCase(type);
    }
}

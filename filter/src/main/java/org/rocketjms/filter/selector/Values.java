package org.rocketjms.filter.selector;

/**
 * The value rules of the selector language: which Java objects are exact or approximate numerics,
 * three-valued logic, comparison and arithmetic.
 *
 * <p>Rules, following Jakarta Messaging 3.1, 3.8.1.1 and Java numeric promotion:
 * <ul>
 *   <li>NULL ({@code null}) in a comparison or arithmetic makes the result UNKNOWN ({@code null}).</li>
 *   <li>Exact numerics ({@code Byte}, {@code Short}, {@code Integer}, {@code Long}) are compared and
 *       computed as {@code long}; as soon as one operand is approximate ({@code Float},
 *       {@code Double}) both are widened to {@code double}. Computing {@code int} operands as
 *       {@code long} is a deliberate widening of Java's {@code int} promotion: two {@code Integer}
 *       properties never overflow at 32 bits. {@code long} overflow wraps as in Java.</li>
 *   <li>Exact division by zero is UNKNOWN instead of an exception; approximate division follows
 *       Java (infinity or NaN). NaN compares as in Java: every comparison false except {@code <>}.</li>
 *   <li>Only like types compare: numeric with numeric, string with string, boolean with boolean.
 *       Comparing non-like types yields FALSE, as the specification states. Strings and booleans
 *       support only {@code =} and {@code <>}; ordering them yields FALSE as well.</li>
 *   <li>Arithmetic on a non-numeric value is UNKNOWN.</li>
 * </ul>
 */
final class Values {

    private Values() {
    }

    /** @return whether {@code value} is an exact numeric (Byte, Short, Integer or Long) */
    static boolean isExact(Object value) {
        return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
    }

    /** @return whether {@code value} is an approximate numeric (Float or Double) */
    static boolean isApproximate(Object value) {
        return value instanceof Double || value instanceof Float;
    }

    /** @return whether {@code value} is numeric in the selector language */
    static boolean isNumeric(Object value) {
        return isExact(value) || isApproximate(value);
    }

    /** @return {@code value} as a truth value, UNKNOWN ({@code null}) when it is not a Boolean */
    static Boolean truth(Object value) {
        return value instanceof Boolean ? (Boolean) value : null;
    }

    /** @return three-valued NOT */
    static Boolean not(Boolean value) {
        if (value == null) {
            return null;
        }
        return value ? Boolean.FALSE : Boolean.TRUE;
    }

    /** @return three-valued AND */
    static Boolean and(Boolean left, Boolean right) {
        if (Boolean.FALSE.equals(left) || Boolean.FALSE.equals(right)) {
            return Boolean.FALSE;
        }
        if (left == null || right == null) {
            return null;
        }
        return Boolean.TRUE;
    }

    /** @return three-valued OR */
    static Boolean or(Boolean left, Boolean right) {
        if (Boolean.TRUE.equals(left) || Boolean.TRUE.equals(right)) {
            return Boolean.TRUE;
        }
        if (left == null || right == null) {
            return null;
        }
        return Boolean.FALSE;
    }

    /**
     * Compares two values.
     *
     * @return TRUE, FALSE, or UNKNOWN ({@code null}) when either operand is NULL
     */
    static Boolean compare(ComparisonOperator operator, Object left, Object right) {
        if (left == null || right == null) {
            return null;
        }
        if (isNumeric(left) && isNumeric(right)) {
            boolean result;
            if (isExact(left) && isExact(right)) {
                result = operator.test(((Number) left).longValue(), ((Number) right).longValue());
            } else {
                result = operator.test(((Number) left).doubleValue(), ((Number) right).doubleValue());
            }
            return Boolean.valueOf(result);
        }
        if (!operator.isEquality()) {
            return Boolean.FALSE;
        }
        boolean like = (left instanceof String && right instanceof String)
                || (left instanceof Boolean && right instanceof Boolean);
        if (!like) {
            return Boolean.FALSE;
        }
        boolean equal = left.equals(right);
        return Boolean.valueOf(operator == ComparisonOperator.EQ ? equal : !equal);
    }

    /**
     * Applies a binary arithmetic operator.
     *
     * @return a Long or Double, or {@code null} when an operand is NULL or not numeric, or on exact
     *         division by zero
     */
    static Object arithmetic(ArithmeticOperator operator, Object left, Object right) {
        if (!isNumeric(left) || !isNumeric(right)) {
            return null;
        }
        if (isExact(left) && isExact(right)) {
            long a = ((Number) left).longValue();
            long b = ((Number) right).longValue();
            return switch (operator) {
                case ADD -> a + b;
                case SUBTRACT -> a - b;
                case MULTIPLY -> a * b;
                case DIVIDE -> b == 0 ? null : Long.valueOf(a / b);
            };
        }
        double a = ((Number) left).doubleValue();
        double b = ((Number) right).doubleValue();
        return switch (operator) {
            case ADD -> a + b;
            case SUBTRACT -> a - b;
            case MULTIPLY -> a * b;
            case DIVIDE -> a / b;
        };
    }

    /** @return the negation of a numeric value, or {@code null} when it is NULL or not numeric */
    static Object negate(Object value) {
        if (isExact(value)) {
            return -((Number) value).longValue();
        }
        if (isApproximate(value)) {
            return -((Number) value).doubleValue();
        }
        return null;
    }

    /** @return a numeric value unchanged (unary plus), or {@code null} when it is NULL or not numeric */
    static Object identity(Object value) {
        return isNumeric(value) ? value : null;
    }

    /** @return {@code value} printed as a selector literal */
    static String toLiteral(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? "TRUE" : "FALSE";
        }
        if (value instanceof String) {
            return "'" + ((String) value).replace("'", "''") + "'";
        }
        return value.toString();
    }
}

package org.rocketjms.filter.selector;

/**
 * What the parser knows about an operand's type from the text alone. Literals and operators have a
 * known type; identifiers are {@link #ANY} because only the message knows their type; a header
 * field selectors may not read (such as {@code JMSDestination}) is always {@link #NULL}, which fits
 * everywhere. (NULL itself is not a literal of the language.)
 */
enum StaticType {
    BOOLEAN("a condition"),
    NUMERIC("a numeric expression"),
    STRING("a string"),
    NULL("NULL"),
    ANY("an identifier");

    private final String description;

    StaticType(String description) {
        this.description = description;
    }

    /** @return a phrase for error messages */
    String description() {
        return description;
    }

    /** @return whether the text alone proves the value can never be a number */
    boolean excludesNumeric() {
        return this == BOOLEAN || this == STRING;
    }

    /** @return whether the text alone proves the value can never be a boolean */
    boolean excludesBoolean() {
        return this == NUMERIC || this == STRING;
    }

    /** @return whether the type is fully known (a literal or operator result, not NULL or an identifier) */
    boolean isKnown() {
        return this == BOOLEAN || this == NUMERIC || this == STRING;
    }
}

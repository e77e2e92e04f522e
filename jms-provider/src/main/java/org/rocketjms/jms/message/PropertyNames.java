package org.rocketjms.jms.message;

import java.util.Locale;
import java.util.Set;

/** Validation of message property names: the rules of a message selector identifier (Jakarta Messaging 3.8.1.1). */
final class PropertyNames {
    private static final Set<String> RESERVED = Set.of(
            "NULL", "TRUE", "FALSE", "NOT", "AND", "OR", "BETWEEN", "LIKE", "IN", "IS", "ESCAPE");

    static final String JMSX_DELIVERY_COUNT = "JMSXDeliveryCount";
    static final String JMSX_GROUP_ID = "JMSXGroupID";
    static final String JMSX_GROUP_SEQ = "JMSXGroupSeq";

    private PropertyNames() {
    }

    /**
     * Checks a name a client uses to set a property.
     *
     * @throws IllegalArgumentException when the name is null, empty, not a Java identifier or a selector keyword
     */
    static void validate(String name) {
        if (name == null) {
            throw new IllegalArgumentException("a property name must not be null");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a property name must not be empty");
        }
        if (!isIdentifier(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a valid property name: it must be a Java"
                    + " identifier (a letter, '_' or '$' followed by letters, digits, '_' or '$')");
        }
        if (RESERVED.contains(name.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("'" + name + "' is not a valid property name: it is a reserved word"
                    + " of the message selector syntax");
        }
    }

    /** Whether the name passes {@link #validate} without exception. */
    static boolean isValid(String name) {
        return name != null && !name.isEmpty() && isIdentifier(name)
                && !RESERVED.contains(name.toUpperCase(Locale.ROOT));
    }

    private static boolean isIdentifier(String name) {
        int cp = name.codePointAt(0);
        if (!Character.isJavaIdentifierStart(cp)) {
            return false;
        }
        for (int i = Character.charCount(cp); i < name.length(); i += Character.charCount(cp)) {
            cp = name.codePointAt(i);
            if (!Character.isJavaIdentifierPart(cp) || Character.isIdentifierIgnorable(cp)) {
                return false;
            }
        }
        return true;
    }
}

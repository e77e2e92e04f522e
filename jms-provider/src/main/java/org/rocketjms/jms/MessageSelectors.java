package org.rocketjms.jms;

import jakarta.jms.InvalidSelectorException;
import org.rocketjms.filter.selector.Selector;
import org.rocketjms.filter.selector.SelectorParseException;

/**
 * Checks a Jakarta Messaging message selector without creating a consumer, with the same parser the client and the
 * broker use. For code that must reject a bad selector early (a resource adapter validating an activation spec, a
 * configuration check) without depending on the selector implementation.
 */
public final class MessageSelectors {
    private MessageSelectors() {
    }

    /**
     * Returns normally when {@code selector} is valid, or null/blank (which selects every message).
     *
     * @throws InvalidSelector when it is not a valid selector; its message names the selector, the position and the
     *         reason, e.g. {@code invalid message selector "a >" at position 3: ...}
     */
    public static void check(String selector) throws InvalidSelector {
        if (selector == null || selector.isBlank()) {
            return;
        }
        try {
            Selector.parse(selector);
        } catch (SelectorParseException e) {
            InvalidSelector x = new InvalidSelector(selector, e.getPosition(), e.getReason());
            x.setLinkedException(e);
            x.initCause(e);
            throw x;
        }
    }

    /** An {@link InvalidSelectorException} that also says where in the selector the problem is. */
    public static final class InvalidSelector extends InvalidSelectorException {
        private static final long serialVersionUID = 1L;

        private final String selector;
        private final int position;
        private final String reason;

        InvalidSelector(String selector, int position, String reason) {
            super("invalid message selector \"" + selector + "\" at position " + position + ": " + reason);
            this.selector = selector;
            this.position = position;
            this.reason = reason;
        }

        /** The selector text that was checked. */
        public String getSelector() {
            return selector;
        }

        /** The 0-based character offset of the problem (the selector's length for an unexpected end). */
        public int getPosition() {
            return position;
        }

        /** What was wrong, without the selector text and position. */
        public String getReason() {
            return reason;
        }
    }
}

/**
 * Jakarta Messaging message selectors: parsing, semantic checks and evaluation.
 *
 * <p>Entry points are {@link org.rocketjms.filter.selector.Selector#parse(String)}, which returns an
 * immutable, thread-safe compiled selector, the {@link org.rocketjms.filter.selector.PropertySource}
 * through which a selector reads a message, and the bounded
 * {@link org.rocketjms.filter.selector.SelectorCache}. Everything else in this package (tokens, the
 * parser, expression nodes, the LIKE matcher) is an implementation detail.
 */
package org.rocketjms.filter.selector;

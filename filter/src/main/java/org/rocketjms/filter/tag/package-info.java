/**
 * Tag filtering: the {@code *} / {@code a || b} subscription expression and the stable 64-bit tag hash
 * stored in every consume-queue entry. See {@link org.rocketjms.filter.tag.TagFilter}.
 */
package org.rocketjms.filter.tag;

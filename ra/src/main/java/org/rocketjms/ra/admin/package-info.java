/**
 * Admin objects: the queues and topics an administrator binds in JNDI ({@code Name} property). They are
 * Serializable and Referenceable, and the provider accepts them wherever a destination is expected.
 */
package org.rocketjms.ra.admin;

/** Small internal helpers of the client core (threads, backoff, outage logging); not an API. */
package org.rocketjms.jms.client.internal;

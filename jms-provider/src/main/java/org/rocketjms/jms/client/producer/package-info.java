/** Producer helpers: broker fault avoidance. */
package org.rocketjms.jms.client.producer;

/**
 * Transport-neutral API of the remoting layer: the server and client contracts, the channel handed to
 * processors and listeners, request processors, callbacks and futures. Domain modules program
 * against these types and never import Netty; the implementations live in
 * {@link org.rocketjms.remoting.netty}.
 */
package org.rocketjms.remoting;

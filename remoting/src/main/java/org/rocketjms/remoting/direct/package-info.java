/**
 * A connection driven entirely by the thread that makes the request: {@link
 * org.rocketjms.remoting.direct.CallerThreadConnection} writes a request from the calling thread and reads the answer
 * on it, for synchronous request/response exchanges where handing the request to an event loop and the answer back
 * would cost two thread wake-ups per round trip. Same frames as the Netty transport; plain TCP only.
 */
package org.rocketjms.remoting.direct;

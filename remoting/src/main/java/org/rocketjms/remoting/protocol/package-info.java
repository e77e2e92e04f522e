/**
 * The wire protocol: {@link org.rocketjms.remoting.protocol.RemotingCommand}, its binary codec, typed
 * headers and the remoting-level request and response codes. Nothing here does I/O.
 */
package org.rocketjms.remoting.protocol;

/**
 * The name server's protocol: request codes ({@link org.rocketjms.remoting.protocol.namesrv.NamesrvRequestCode},
 * 100-199), domain response codes ({@link org.rocketjms.remoting.protocol.namesrv.NamesrvResponseCode}),
 * typed request and response headers and the broker registration body. The route data handed out by the
 * name server lives in {@link org.rocketjms.remoting.protocol.route}. These are protocol types only; the
 * name server itself is the {@code rocketjms-namesrv} module.
 */
package org.rocketjms.remoting.protocol.namesrv;

/**
 * Request processors of the name server, one class per request code; they decode the typed header
 * and body, call the {@link org.rocketjms.namesrv.routeinfo.RouteInfoManager} and encode the answer.
 */
package org.rocketjms.namesrv.processor;

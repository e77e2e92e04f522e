/**
 * The name server's registry of brokers, clusters and topic routes, and broker liveness.
 */
package org.rocketjms.namesrv.routeinfo;

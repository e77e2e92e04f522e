/**
 * The RocketJMS name server: brokers register here (and heartbeat by re-registering), clients ask here
 * for topic routes. {@link org.rocketjms.namesrv.NamesrvController} assembles a running server;
 * {@link org.rocketjms.namesrv.NamesrvStartup} is its command-line entry point.
 */
package org.rocketjms.namesrv;

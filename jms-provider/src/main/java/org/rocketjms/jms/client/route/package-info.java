/** Topic routes: the name server route cache and the queue lists derived from it. */
package org.rocketjms.jms.client.route;

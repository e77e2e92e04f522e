/** JNDI support: an initial context factory that binds RocketJMS connection factories and destinations. */
package org.rocketjms.jms.jndi;

/**
 * Checked exceptions of the remoting layer, all rooted at
 * {@link org.rocketjms.remoting.exception.RemotingException}.
 */
package org.rocketjms.remoting.exception;

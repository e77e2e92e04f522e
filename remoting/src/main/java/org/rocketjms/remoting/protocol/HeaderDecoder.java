package org.rocketjms.remoting.protocol;

import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;

/**
 * Builds a typed header from a command's extension fields; usually a method reference to a header's
 * static {@code decode} factory, passed to {@link RemotingCommand#decodeHeader(HeaderDecoder)}.
 *
 * @param <T> the header type
 */
@FunctionalInterface
public interface HeaderDecoder<T extends CommandHeader> {

    /**
     * Decodes the header.
     *
     * @param extFields the extension fields, never null (empty when the command had none)
     * @return the header, never null
     * @throws RemotingCommandException when a mandatory field is missing or a field is malformed
     */
    T decode(Map<String, String> extFields) throws RemotingCommandException;
}

package org.rocketjms.remoting.protocol;

/**
 * A typed view of a command's extension fields.
 *
 * <p>Implementations write their fields as strings with {@link #encode(java.util.Map)} and provide a
 * static {@code decode(Map<String, String>)} factory (usable as a {@link HeaderDecoder}) that reports
 * missing or invalid mandatory fields with a {@link org.rocketjms.remoting.exception.RemotingCommandException}.
 * No reflection is involved, so headers are cheap and explicit; {@link HeaderFields} has the parsing
 * helpers.
 */
public interface CommandHeader {

    /**
     * Writes this header's fields into the given extension field map. Fields whose value is null are
     * left out.
     *
     * @param extFields the command's extension fields, never null
     */
    void encode(java.util.Map<String, String> extFields);
}

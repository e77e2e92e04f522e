package org.rocketjms.remoting.protocol.broker;

import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.CommandHeader;
import org.rocketjms.remoting.protocol.HeaderFields;

/**
 * Header of END_TRANSACTION. The half messages of a transaction are SEND_MESSAGE/SEND_BATCH_MESSAGE records with the
 * prepared transaction flag and the property {@link #PROPERTY_TRANSACTION_ID}; {@link #PROPERTY_CLIENT_ID} names the
 * owning client so the broker can tell whether it is still alive.
 *
 * @param transactionId the id the client chose for the transaction (unique per session transaction)
 * @param commit        true = commit, false = rollback
 * @param producerGroup the producer's group (informational)
 * @param clientId      the client id (as in heartbeats)
 */
public record EndTransactionRequestHeader(String transactionId, boolean commit, String producerGroup, String clientId)
        implements CommandHeader {
    /** Message property carrying the transaction id of a half message. */
    public static final String PROPERTY_TRANSACTION_ID = "RJMS_TRAN_ID";
    /** Message property carrying the client id that owns a half message's transaction. */
    public static final String PROPERTY_CLIENT_ID = "RJMS_TRAN_CLIENT";
    /** Bits of a send's flags holding the transaction type (same layout as the store's record flags). */
    public static final int TRANSACTION_TYPE_MASK = 0x3 << 2;
    /** Transaction type of a half (prepared) message. */
    public static final int PREPARED_FLAG = 0x1 << 2;

    @Override
    public void encode(Map<String, String> ext) {
        ext.put("transactionId", transactionId);
        ext.put("commit", Boolean.toString(commit));
        if (producerGroup != null) {
            ext.put("producerGroup", producerGroup);
        }
        if (clientId != null) {
            ext.put("clientId", clientId);
        }
    }

    /** Decodes the header; transactionId and commit are mandatory. */
    public static EndTransactionRequestHeader decode(Map<String, String> ext) throws RemotingCommandException {
        return new EndTransactionRequestHeader(HeaderFields.requireString(ext, "transactionId"),
                HeaderFields.requireBoolean(ext, "commit"), ext.get("producerGroup"), ext.get("clientId"));
    }
}

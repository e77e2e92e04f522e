package org.rocketjms.store.commitlog;

/**
 * Byte layout of one commit-log record. All integers are big-endian.
 *
 * <pre>
 * offset size field
 *      0    4 TOTAL_SIZE          whole record, this field included
 *      4    4 MAGIC               {@link #MESSAGE_MAGIC}, or {@link #BLANK_MAGIC} for the end-of-file filler
 *      8    4 CRC                 CRC32C over bytes [12, TOTAL_SIZE)
 *     12    4 QUEUE_ID
 *     16    4 FLAGS               {@link MessageFlags}
 *     20    8 QUEUE_OFFSET        logical offset in the (topic, queueId) consume queue
 *     28    8 PHYSICAL_OFFSET     global commit-log offset of this record
 *     36    8 BORN_TIMESTAMP      ms, set by the producer
 *     44    8 STORE_TIMESTAMP     ms, set by the store under the append lock
 *     52   20 BORN_HOST           16-byte IPv6 or IPv4-mapped address + 4-byte port
 *     72   20 STORE_HOST          same encoding
 *     92    4 DELIVERY_COUNT
 *     96    8 PREPARED_TX_OFFSET  commit-log offset of the half message this record resolves (0 if none)
 *    104    8 TAGS_CODE           the value the dispatcher writes into the consume-queue entry
 *    112    4 BODY_LENGTH
 *    116    n BODY
 *      .    2 TOPIC_LENGTH        then the topic, UTF-8
 *      .    4 PROPERTIES_LENGTH   then the properties: repeated (u16 key length, key, i32 value length, value), UTF-8
 * </pre>
 *
 * The end-of-file filler is {@code TOTAL_SIZE} (the rest of the file) + {@link #BLANK_MAGIC}; a record is only
 * appended when {@link #END_FILE_MIN_BLANK_LENGTH} bytes remain after it, so the filler always fits.
 */
public final class RecordLayout {
    public static final int MESSAGE_MAGIC = 0xDAA320A7;
    public static final int BLANK_MAGIC = 0xCBD43194;

    public static final int TOTAL_SIZE = 0;
    public static final int MAGIC = 4;
    public static final int CRC = 8;
    public static final int CRC_COVERED_FROM = 12;
    public static final int QUEUE_ID = 12;
    public static final int FLAGS = 16;
    public static final int QUEUE_OFFSET = 20;
    public static final int PHYSICAL_OFFSET = 28;
    public static final int BORN_TIMESTAMP = 36;
    public static final int STORE_TIMESTAMP = 44;
    public static final int BORN_HOST = 52;
    public static final int STORE_HOST = 72;
    public static final int HOST_LENGTH = 20;
    public static final int DELIVERY_COUNT = 92;
    public static final int PREPARED_TX_OFFSET = 96;
    public static final int TAGS_CODE = 104;
    public static final int BODY_LENGTH = 112;
    public static final int BODY = 116;
    /** Fixed part before the body. */
    public static final int FIXED_HEADER_SIZE = BODY;
    /** Bytes after the body besides the topic and property bytes themselves. */
    public static final int VARIABLE_LENGTH_FIELDS = 2 + 4;
    public static final int END_FILE_MIN_BLANK_LENGTH = 8;
    public static final int MAX_TOPIC_BYTES = Short.MAX_VALUE;

    private RecordLayout() {
    }

    /** Total record size for the given variable parts. */
    public static int recordSize(int bodyLength, int topicLength, int propertiesLength) {
        return FIXED_HEADER_SIZE + bodyLength + VARIABLE_LENGTH_FIELDS + topicLength + propertiesLength;
    }
}

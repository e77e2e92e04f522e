package org.rocketjms.store;

import java.nio.ByteBuffer;

/**
 * Decides which messages a read returns: first by the consume-queue tag code (cheap), then, for the survivors,
 * by the whole record (e.g. a selector over the properties; decode them with
 * {@link org.rocketjms.store.commitlog.RecordCodec#propertiesOf}).
 */
public interface MessageFilter {
    boolean isMatchedByConsumeQueue(long tagsCode);

    /** @param record heap copy of the whole record, starting at position 0 */
    boolean isMatchedByCommitLog(ByteBuffer record);
}

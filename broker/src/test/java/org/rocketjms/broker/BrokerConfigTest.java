package org.rocketjms.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** The sample conf/broker.conf names only real keys and states the real defaults. */
class BrokerConfigTest {
    @Test
    void sampleConfigurationHasOnlyKnownKeysAndTheDefaults() throws Exception {
        Path conf = Path.of("").toAbsolutePath().getParent().resolve("conf/broker.conf");
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(conf)) {
            p.load(in);
        }
        BrokerConfig fromFile = new BrokerConfig();
        assertTrue(fromFile.apply(p).isEmpty(), "unknown keys in broker.conf");
        fromFile.validate();
        BrokerConfig defaults = new BrokerConfig();
        assertEquals(defaults.getListenPort(), fromFile.getListenPort());
        assertEquals(defaults.getDefaultTopicQueueNums(), fromFile.getDefaultTopicQueueNums());
        assertEquals(defaults.getPopInvisibleTimeMillis(), fromFile.getPopInvisibleTimeMillis());
        assertEquals(defaults.getConsumerLostTimeoutMillis(), fromFile.getConsumerLostTimeoutMillis());
        assertEquals(defaults.getLongPollingTimeoutMillis(), fromFile.getLongPollingTimeoutMillis());
        assertEquals(defaults.getMaxDeliveryAttempts(), fromFile.getMaxDeliveryAttempts());
        assertEquals(defaults.getTransactionTimeoutMillis(), fromFile.getTransactionTimeoutMillis());
        assertEquals(defaults.isAclEnable(), fromFile.isAclEnable());
        assertEquals(defaults.isAclAllowAnonymous(), fromFile.isAclAllowAnonymous());
        assertEquals(defaults.getStoreConfig().getMaxMessageSize(), fromFile.getStoreConfig().getMaxMessageSize());
        assertEquals(defaults.getStoreConfig().getMappedFileSizeCommitLog(),
                fromFile.getStoreConfig().getMappedFileSizeCommitLog());
        assertEquals(defaults.getStoreConfig().getFlushDiskType(), fromFile.getStoreConfig().getFlushDiskType());
        assertEquals(defaults.getStoreConfig().getCommitLogFillAheadBytes(),
                fromFile.getStoreConfig().getCommitLogFillAheadBytes());
        assertEquals(defaults.getStoreConfig().getMappedFileSizeConsumeQueue(),
                fromFile.getStoreConfig().getMappedFileSizeConsumeQueue());
        assertEquals(defaults.getStoreConfig().getLazyFlushMaxDelayMillis(),
                fromFile.getStoreConfig().getLazyFlushMaxDelayMillis());
    }
}

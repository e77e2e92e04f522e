package org.rocketjms.broker.subscription;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Removing a group: configured groups are persisted at once, default ones with the next periodic persist. */
class SubscriptionGroupManagerTest {
    @TempDir
    Path dir;

    private SubscriptionGroupManager reload() {
        SubscriptionGroupManager m = new SubscriptionGroupManager(dir.toFile());
        assertTrue(m.load());
        return m;
    }

    @Test
    void removalOfADefaultGroupIsWrittenLazilyAndOfAConfiguredOneAtOnce() {
        File config = dir.toFile();
        SubscriptionGroupManager m = new SubscriptionGroupManager(config);
        assertTrue(m.load());
        m.getOrCreate("auto");
        SubscriptionGroupConfig disabled = new SubscriptionGroupConfig("disabled");
        disabled.setConsumeEnable(false);
        m.update(disabled); // persists both
        assertNotNull(reload().get("auto"));
        assertNotNull(reload().get("disabled"));

        m.remove("disabled");
        assertNull(reload().get("disabled"), "a group with its own settings is removed durably at once");

        m.remove("auto");
        assertNull(m.get("auto"));
        assertNotNull(reload().get("auto"), "a default group's removal waits for the periodic persist");
        m.persistIfDirty();
        assertNull(reload().get("auto"));
        assertFalse(reload().get("disabled") != null);
    }
}

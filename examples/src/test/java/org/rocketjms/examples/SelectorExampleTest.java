package org.rocketjms.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class SelectorExampleTest extends BrokerTestSupport {
    @Test
    void eachConsumerGetsOnlyWhatItsSelectorMatches() throws Exception {
        SelectorExample.Result result = SelectorExample.run(url());

        assertEquals(List.of("red #1", "red #4", "red #6"), result.red());
        assertEquals(List.of("green #2", "blue #3", "yellow #5"), result.others());
    }
}

package org.rocketjms.remoting.protocol.namesrv;

import java.util.Map;

import org.rocketjms.remoting.protocol.CommandHeader;

/**
 * Header of a successful {@link NamesrvRequestCode#REGISTER_BROKER} response: what a slave needs to
 * find its master. Both fields are null when no master of that broker name is registered (and are
 * simply ignored by a master).
 */
public final class RegisterBrokerResponseHeader implements CommandHeader {

    static final String MASTER_ADDR = "masterAddr";
    static final String HA_SERVER_ADDR = "haServerAddr";

    private final String masterAddr;
    private final String haServerAddr;

    /** Creates a header; either value may be null. */
    public RegisterBrokerResponseHeader(String masterAddr, String haServerAddr) {
        this.masterAddr = masterAddr;
        this.haServerAddr = haServerAddr;
    }

    /** Decodes the header; both fields are optional, so this never fails. */
    public static RegisterBrokerResponseHeader decode(Map<String, String> ext) {
        return new RegisterBrokerResponseHeader(ext.get(MASTER_ADDR), ext.get(HA_SERVER_ADDR));
    }

    @Override
    public void encode(Map<String, String> ext) {
        NamesrvHeaders.put(ext, MASTER_ADDR, masterAddr);
        NamesrvHeaders.put(ext, HA_SERVER_ADDR, haServerAddr);
    }

    /** Address of the master with the same broker name, or null. */
    public String masterAddr() {
        return masterAddr;
    }

    /** Replication endpoint of that master, or null. */
    public String haServerAddr() {
        return haServerAddr;
    }

    @Override
    public String toString() {
        return "RegisterBrokerResponseHeader[master=" + masterAddr + ", ha=" + haServerAddr + ']';
    }
}

package org.rocketjms.jms.impl;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.jms.ConnectionMetaData;

/** Version and capability information of RocketJMS connections (Jakarta Messaging 3.1). */
public final class JmsConnectionMetaData implements ConnectionMetaData {
    /** The shared instance. */
    public static final JmsConnectionMetaData INSTANCE = new JmsConnectionMetaData();
    /** The provider version. */
    public static final String PROVIDER_VERSION = "1.0.0";

    private JmsConnectionMetaData() {
    }

    @Override
    public String getJMSVersion() {
        return "3.1";
    }

    @Override
    public int getJMSMajorVersion() {
        return 3;
    }

    @Override
    public int getJMSMinorVersion() {
        return 1;
    }

    @Override
    public String getJMSProviderName() {
        return "RocketJMS";
    }

    @Override
    public String getProviderVersion() {
        return PROVIDER_VERSION;
    }

    @Override
    public int getProviderMajorVersion() {
        return 1;
    }

    @Override
    public int getProviderMinorVersion() {
        return 0;
    }

    @Override
    public Enumeration<String> getJMSXPropertyNames() {
        return Collections.enumeration(List.of("JMSXGroupID", "JMSXGroupSeq", "JMSXDeliveryCount"));
    }
}
